// What /<org>/changes/ lists: every visible version of the organization's
// policies and of its subprocessor list, taken from the same entries as its
// feed (feeds.ts `entriesOf`, `registerEntriesOf`), ordered by when each
// takes effect, newest first, so a person reads what changed when. Kept free
// of Astro imports so it can be unit-tested.
import { changesUrl, subprocessorListUrl, versionUrl } from '@governance/policies/vocabulary/urls';
import type { Organization } from './catalog.ts';
import { entriesOf, registerEntriesOf } from './feeds.ts';
import { previousVersion } from './version-pairs.ts';

export interface PolicyChange {
  /** A policy's version, or a version of the subprocessor list (whose "published" is the day it was announced). */
  kind: 'policy' | 'subprocessors';
  policyTitle: string;
  version: string;
  summary: string;
  /** `YYYY-MM-DD` */
  effective: string;
  /** `YYYY-MM-DD` */
  published: string;
  material: boolean;
  /** Published, but takes effect after the portal's day. */
  upcoming: boolean;
  versionUrl: string;
  /** The redline against the version before, or null for a policy's first version. */
  redline: { from: string; url: string } | null;
}

export function organizationChanges(organization: Organization): PolicyChange[] {
  const lists = registerEntriesOf([organization]).map(
    ({ list }): PolicyChange => ({
      kind: 'subprocessors',
      policyTitle: 'Subprocessors',
      version: list.version,
      summary: list.summary,
      effective: list.effective,
      published: list.announced,
      material: false,
      upcoming: list.status.kind === 'pending',
      versionUrl: subprocessorListUrl(list.organization, list.version),
      // The version's page shows what it changed, as a redline.
      redline: list.previous ? { from: list.previous, url: `${subprocessorListUrl(list.organization, list.version)}#list-changes` } : null,
    }),
  );
  const policies = entriesOf([organization]).map(({ policy, version }): PolicyChange => {
    const from = previousVersion(policy, version);
    return {
      kind: 'policy',
      policyTitle: version.title,
      version: version.version,
      summary: version.summary,
      effective: version.effective,
      published: version.published,
      material: version.material,
      upcoming: policy.pending.includes(version),
      versionUrl: versionUrl(version.organization, version.policy, version.version),
      redline: from ? { from: from.version, url: changesUrl(version.organization, version.policy, from.version, version.version) } : null,
    };
  });
  return [...policies, ...lists].sort((a, b) => b.effective.localeCompare(a.effective) || b.published.localeCompare(a.published));
}
