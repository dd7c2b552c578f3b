// Decides which versions of each policy the public sees and which one is in
// force, on the portal's day, by the rule the API answers with
// (@governance/policies/vocabulary/version-in-force): the day is the instant
// it begins, and so are a version's dates. Kept free of Astro imports so it
// can be unit-tested with plain objects.
import { compareVersions } from '@governance/policies/schema';
import { hasTakenEffect, isPublished, startOfDateUtc, versionInForce } from '@governance/policies/vocabulary/version-in-force';

/** The metadata the grouping needs; dates are calendar dates, `YYYY-MM-DD`. */
export interface VersionFacts {
  organization: string;
  policy: string;
  version: string;
  effective: string;
  published: string;
}

export type VersionStatus<V> = { kind: 'current' } | { kind: 'pending' } | { kind: 'superseded'; by: V };

export interface VisibleVersion<V> {
  version: V;
  status: VersionStatus<V>;
}

export interface PolicyVersions<V> {
  organization: string;
  policy: string;
  /** Versions published on or before today, newest first. */
  versions: VisibleVersion<V>[];
  /** The newest visible version already in effect, if any. */
  current: V | undefined;
  /** Visible versions that take effect after today, newest first. */
  pending: V[];
}

/** Groups versions by organization and policy (sorted by those slugs). Versions
 * published after `today` are left out entirely: they are not public yet. */
export function groupPolicyVersions<V extends VersionFacts>(versions: readonly V[], today: string): PolicyVersions<V>[] {
  const now = startOfDateUtc(today);
  const byPolicy = new Map<string, V[]>();
  for (const version of versions) {
    if (!isPublished({ publishedAt: startOfDateUtc(version.published) }, now)) continue;
    const key = `${version.organization}/${version.policy}`;
    byPolicy.set(key, [...(byPolicy.get(key) ?? []), version]);
  }
  return [...byPolicy.values()]
    .map((visible) => describePolicy(visible, now))
    .sort((a, b) => a.organization.localeCompare(b.organization) || a.policy.localeCompare(b.policy));
}

const effectiveAt = (version: VersionFacts) => ({ effectiveAt: startOfDateUtc(version.effective) });
const takenEffect = (version: VersionFacts, now: Date) => hasTakenEffect(effectiveAt(version), now);

function describePolicy<V extends VersionFacts>(visible: V[], now: Date): PolicyVersions<V> {
  const newestFirst = [...visible].sort((a, b) => compareVersions(b.version, a.version));
  const inEffect = newestFirst.filter((version) => takenEffect(version, now));
  const [first] = newestFirst;
  if (!first) throw new Error('a policy needs at least one visible version');
  // Newest first, so of versions taking effect the same day the newest is in force.
  const current = versionInForce(
    newestFirst.map((version) => ({ version, ...effectiveAt(version) })),
    now,
  )?.version;
  return {
    organization: first.organization,
    policy: first.policy,
    versions: newestFirst.map((version) => ({ version, status: statusOf(version, current, inEffect, now) })),
    current,
    pending: newestFirst.filter((version) => !takenEffect(version, now)),
  };
}

/**
 * `inEffect` is newest first, so whatever sits just before a version there
 * replaced it. (Policy checks keep effective dates in version order, so the
 * newest in effect is the one in force; were they not, that one is.)
 */
function statusOf<V extends VersionFacts>(version: V, current: V | undefined, inEffect: V[], now: Date): VersionStatus<V> {
  if (!takenEffect(version, now)) return { kind: 'pending' };
  if (version === current || current === undefined) return { kind: 'current' };
  const successor = inEffect[inEffect.indexOf(version) - 1] ?? current;
  return { kind: 'superseded', by: successor };
}
