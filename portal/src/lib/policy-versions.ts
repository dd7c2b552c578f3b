// Decides which versions of each policy the public sees and which one is in
// force. Kept free of Astro imports so it can be unit-tested with plain objects.
import { compareVersions } from '@governance/policies/schema';

/** The metadata the grouping needs; dates are `YYYY-MM-DD`, which compare correctly as text. */
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
  const byPolicy = new Map<string, V[]>();
  for (const version of versions) {
    if (version.published > today) continue;
    const key = `${version.organization}/${version.policy}`;
    byPolicy.set(key, [...(byPolicy.get(key) ?? []), version]);
  }
  return [...byPolicy.values()]
    .map((visible) => describePolicy(visible, today))
    .sort((a, b) => a.organization.localeCompare(b.organization) || a.policy.localeCompare(b.policy));
}

function describePolicy<V extends VersionFacts>(visible: V[], today: string): PolicyVersions<V> {
  const newestFirst = [...visible].sort((a, b) => compareVersions(b.version, a.version));
  const inEffect = newestFirst.filter((version) => version.effective <= today);
  const [first] = newestFirst;
  if (!first) throw new Error('a policy needs at least one visible version');
  return {
    organization: first.organization,
    policy: first.policy,
    versions: newestFirst.map((version) => ({ version, status: statusOf(version, inEffect, today) })),
    current: inEffect[0],
    pending: newestFirst.filter((version) => version.effective > today),
  };
}

/** `inEffect` is newest first, so whatever sits just before a version there replaced it. */
function statusOf<V extends VersionFacts>(version: V, inEffect: V[], today: string): VersionStatus<V> {
  if (version.effective > today) return { kind: 'pending' };
  const position = inEffect.indexOf(version);
  const successor = inEffect[position - 1];
  return successor ? { kind: 'superseded', by: successor } : { kind: 'current' };
}
