// What /<org>/changes/ lists: every visible version of the organization's
// policies, taken from the same entries as its feed (feeds.ts `entriesOf`),
// ordered by when each takes effect, newest first, so a person reads what
// changed when. Kept free of Astro imports so it can be unit-tested.
import { changesUrl, versionUrl } from '@governance/policies/vocabulary/urls';
import type { Organization } from './catalog.ts';
import { entriesOf } from './feeds.ts';
import { previousVersion } from './version-pairs.ts';

export interface PolicyChange {
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
  return entriesOf([organization])
    .map(({ policy, version }): PolicyChange => {
      const from = previousVersion(policy, version);
      return {
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
    })
    .sort((a, b) => b.effective.localeCompare(a.effective) || b.published.localeCompare(a.published));
}
