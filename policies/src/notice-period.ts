// A material change must be announced ahead of time: its version has to be
// published at least the organization's notice period (organization.yaml,
// `noticePeriodDays`, default 30) before it takes effect.
import path from 'node:path';
import type { Problem } from './problems.ts';
import type { OrganizationSource, VersionSource } from './repository.ts';

const DAY_MS = 86_400_000;

export function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / DAY_MS);
}

export function noticePeriodProblems(organizations: readonly OrganizationSource[], versions: readonly VersionSource[]): Problem[] {
  const noticeOf = new Map(organizations.map((organization) => [organization.slug, organization.data.noticePeriodDays]));
  const problems: Problem[] = [];
  for (const version of versions) {
    const { material, published, effective } = version.frontmatter;
    const required = noticeOf.get(version.organization);
    if (!material || required === undefined) continue;
    const given = daysBetween(published, effective);
    if (given >= required) continue;
    const earliest = new Date(Date.parse(`${published}T00:00:00Z`) + required * DAY_MS).toISOString().slice(0, 10);
    problems.push({
      file: version.file,
      field: 'effective',
      message:
        `a material change published ${published} cannot take effect ${effective}: that is ${given} days' notice, ` +
        `and ${path.join(version.organization, 'organization.yaml')} requires ${required} (noticePeriodDays); ` +
        `take effect on ${earliest} or later, or publish earlier`,
    });
  }
  return problems;
}
