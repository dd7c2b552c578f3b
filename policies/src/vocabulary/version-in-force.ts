// Which version of a policy is public, and which is in force, at an instant:
// one rule for the API (which answers for any instant) and the portal (which
// builds the site as it stands on one calendar day). Policy dates are
// calendar dates that take effect, and are published, at 00:00 UTC; the
// portal turns its day into that instant and asks the same question.
// Pure functions of `now`, so tests can stand on either side of a boundary.

/** What the rule needs of a version: the instants its dates begin. */
export interface DatedVersion {
  effectiveAt: Date;
  publishedAt: Date;
}

/** Policy dates (`YYYY-MM-DD`) are calendar dates; a date begins at 00:00 UTC. */
export function startOfDateUtc(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** A version is public from its publication instant on. */
export function isPublished(version: Pick<DatedVersion, 'publishedAt'>, now: Date): boolean {
  return version.publishedAt.getTime() <= now.getTime();
}

/** A version has taken effect from its effective instant on: not a millisecond before. */
export function hasTakenEffect(version: Pick<DatedVersion, 'effectiveAt'>, at: Date): boolean {
  return version.effectiveAt.getTime() <= at.getTime();
}

export function publishedVersions<V extends Pick<DatedVersion, 'publishedAt'>>(versions: readonly V[], now: Date): V[] {
  return versions.filter((version) => isPublished(version, now));
}

/**
 * The version in force at `at`: the latest whose effective instant has come.
 * Of versions taking effect at the same instant, the first listed wins.
 */
export function versionInForce<V extends Pick<DatedVersion, 'effectiveAt'>>(versions: readonly V[], at: Date): V | null {
  let inForce: V | null = null;
  for (const version of versions) {
    if (!hasTakenEffect(version, at)) continue;
    if (!inForce || version.effectiveAt.getTime() > inForce.effectiveAt.getTime()) inForce = version;
  }
  return inForce;
}

/** The earliest version that takes effect after `now`: the change a reader should hear about next. */
export function upcomingVersion<V extends Pick<DatedVersion, 'effectiveAt'>>(versions: readonly V[], now: Date): V | null {
  let upcoming: V | null = null;
  for (const version of versions) {
    if (hasTakenEffect(version, now)) continue;
    if (!upcoming || version.effectiveAt.getTime() < upcoming.effectiveAt.getTime()) upcoming = version;
  }
  return upcoming;
}

/** Versions taking effect after `since` (any time, when null) and at or before `until`, in the given order. */
export function versionsEffectiveBetween<V extends Pick<DatedVersion, 'effectiveAt'>>(
  versions: readonly V[],
  since: Date | null,
  until: Date,
): V[] {
  return versions.filter((version) => (since === null || !hasTakenEffect(version, since)) && hasTakenEffect(version, until));
}
