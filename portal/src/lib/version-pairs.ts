// Redlines compare each version with the one before it (by version number).
// Kept free of Astro imports so it can be unit-tested with plain objects.
import { compareVersions } from '@governance/policies/schema';
import type { PolicyVersions, VersionFacts } from './policy-versions.ts';

export interface VersionPair<V> {
  from: V;
  to: V;
}

/** Consecutive visible versions, oldest pair first. */
export function consecutivePairs<V extends VersionFacts>(policy: PolicyVersions<V>): VersionPair<V>[] {
  const oldestFirst = policy.versions.map(({ version }) => version).sort((a, b) => compareVersions(a.version, b.version));
  return oldestFirst.slice(1).map((to, index) => ({ from: oldestFirst[index] as V, to }));
}

/** The visible version just before `version`, which its redline compares against. */
export function previousVersion<V extends VersionFacts>(policy: PolicyVersions<V>, version: V): V | undefined {
  return consecutivePairs(policy).find((pair) => pair.to === version)?.from;
}
