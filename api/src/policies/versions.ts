// Which version of a policy is public, and which is in force, at an instant.
// Pure functions of `now`, so tests can stand on either side of a boundary.
import type { PolicyVersion } from './models.ts';

/** A version is public from its publication instant on. */
export function publishedVersions(versions: readonly PolicyVersion[], now: Date): PolicyVersion[] {
  return versions.filter((version) => version.publishedAt.getTime() <= now.getTime());
}

/** The version in force at `at`: the latest whose effective instant has come. */
export function versionInForce(versions: readonly PolicyVersion[], at: Date): PolicyVersion | null {
  let inForce: PolicyVersion | null = null;
  for (const version of versions) {
    if (version.effectiveAt.getTime() > at.getTime()) continue;
    if (!inForce || version.effectiveAt.getTime() > inForce.effectiveAt.getTime()) inForce = version;
  }
  return inForce;
}

/** The earliest version that takes effect after `now`: the change a reader should hear about next. */
export function upcomingVersion(versions: readonly PolicyVersion[], now: Date): PolicyVersion | null {
  let upcoming: PolicyVersion | null = null;
  for (const version of versions) {
    if (version.effectiveAt.getTime() <= now.getTime()) continue;
    if (!upcoming || version.effectiveAt.getTime() < upcoming.effectiveAt.getTime()) upcoming = version;
  }
  return upcoming;
}

/** Versions taking effect after `since` (any time, when null) and at or before `until`, in the given order. */
export function versionsEffectiveBetween(versions: readonly PolicyVersion[], since: Date | null, until: Date): PolicyVersion[] {
  return versions.filter(
    (version) => (since === null || version.effectiveAt.getTime() > since.getTime()) && version.effectiveAt.getTime() <= until.getTime(),
  );
}

/** Policy dates are calendar dates; a date takes effect at 00:00 UTC. */
export function startOfDateUtc(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
