// An organization's subprocessor list as the portal shows it on its day:
// which versions are public (announced on or before the day), which one is
// in force, which are announced but not yet in effect, and what each changed
// from the version before. The same rule as the API's (announced versions
// only; the version in force by @governance/policies/vocabulary/version-in-force)
// and the same comparison (@governance/policies/subprocessors/changes), so
// the page, the feeds and the API never disagree. Kept free of Astro imports
// so it can be unit-tested with plain objects.
import { compareVersions } from '@governance/policies/schema';
import { type RegisterChange, registerChanges } from '@governance/policies/subprocessors/changes';
import { canonicalRegister, type RegisterVersionSource } from '@governance/policies/subprocessors/register-files';
import type { SubprocessorEntry } from '@governance/policies/subprocessors/schema';
import { hasTakenEffect, startOfDateUtc, versionInForce } from '@governance/policies/vocabulary/version-in-force';

export type ListStatus = { kind: 'current' } | { kind: 'pending' } | { kind: 'superseded'; by: string };

export interface ListVersion {
  organization: string;
  version: string;
  /** `YYYY-MM-DD`: when the list was made public, starting the notice period. */
  announced: string;
  /** `YYYY-MM-DD` */
  effective: string;
  summary: string;
  entries: SubprocessorEntry[];
  /** SHA-256 of `canonicalJson`: the hash of the lock file and the API. */
  sha256: string;
  /** The RFC 8785 canonical JSON the hash is computed over. */
  canonicalJson: string;
  /** The public version just before this one, which `changes` compares against. */
  previous: string | undefined;
  /** What this version changed from `previous` (every entry added, for the first). */
  changes: RegisterChange[];
  status: ListStatus;
}

export interface SubprocessorRegister {
  /** organization.yaml `subprocessorNoticeDays`: how long before a new or changed entry takes effect it must be announced. */
  noticeDays: number;
  /** Announced on or before the portal's day, newest version first. */
  versions: ListVersion[];
  /** The list in force on the portal's day. */
  current: ListVersion | undefined;
  /** Announced but not yet in effect, the soonest first. */
  pending: ListVersion[];
}

/** @param sources one organization's register versions (any order); those announced after `today` are left out: they are not public yet. */
export function describeRegister(sources: readonly RegisterVersionSource[], noticeDays: number, today: string): SubprocessorRegister {
  const now = startOfDateUtc(today);
  const oldestFirst = sources
    .filter((source) => source.data.announced <= today)
    .sort((a, b) => compareVersions(a.data.version, b.data.version));
  const dated = oldestFirst.map((source) => ({ source, effectiveAt: startOfDateUtc(source.data.effective) }));
  // Newest first, so of lists taking effect the same day the newest is in force.
  const inForce = versionInForce([...dated].reverse(), now)?.source;
  const inEffectNewestFirst = dated.filter((version) => hasTakenEffect(version, now)).reverse();
  const versions = oldestFirst.map((source, index): ListVersion => {
    const previous = oldestFirst[index - 1];
    const taken = hasTakenEffect({ effectiveAt: startOfDateUtc(source.data.effective) }, now);
    const successor = inEffectNewestFirst[inEffectNewestFirst.findIndex((version) => version.source === source) - 1]?.source;
    const status: ListStatus = !taken
      ? { kind: 'pending' }
      : source === inForce || !successor
        ? { kind: 'current' }
        : { kind: 'superseded', by: successor.data.version };
    return {
      organization: source.organization,
      version: source.data.version,
      announced: source.data.announced,
      effective: source.data.effective,
      summary: source.data.summary,
      entries: source.data.entries,
      sha256: source.sha256,
      canonicalJson: canonicalRegister(source.data),
      previous: previous?.data.version,
      changes: registerChanges(previous?.data.entries ?? [], source.data.entries),
      status,
    };
  });
  return {
    noticeDays,
    versions: [...versions].reverse(),
    current: versions.find((version) => version.version === inForce?.data.version),
    pending: versions.filter((version) => version.status.kind === 'pending').sort((a, b) => a.effective.localeCompare(b.effective)),
  };
}
