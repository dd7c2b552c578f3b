// Atom and JSON Feed of policy versions, built with the `feed` library. One
// entry per published version: its permanent URL is its id, its publication
// date its date, and its content carries the dates, the SHA-256 and the
// redline link. Nothing depends on the build time, so feeds are reproducible.

import { changesUrl, type FeedFormat, feedUrl, policyUrl, versionUrl } from '@governance/policies/vocabulary/urls';
import { Feed } from 'feed';
import type { CatalogVersion, Organization, Policy } from './catalog.ts';
import { formatDate } from './dates.ts';
import { previousVersion } from './version-pairs.ts';

export interface FeedScope {
  title: string;
  description: string;
  /** The page the feed is about. */
  page: string;
  organization?: string;
  policy?: string;
}

interface FeedEntry {
  organization: Organization;
  policy: Policy;
  version: CatalogVersion;
}

/** Every visible version of the given policies, newest publication first. */
export function entriesOf(organizations: readonly Organization[], only?: { organization?: string; policy?: string }): FeedEntry[] {
  return organizations
    .filter((organization) => !only?.organization || organization.slug === only.organization)
    .flatMap((organization) =>
      organization.policies
        .filter((policy) => !only?.policy || policy.policy === only.policy)
        .flatMap((policy) => policy.versions.map(({ version }) => ({ organization, policy, version }))),
    )
    .sort(
      (a, b) =>
        b.version.published.localeCompare(a.version.published) ||
        b.version.effective.localeCompare(a.version.effective) ||
        versionUrl(a.version.organization, a.version.policy, a.version.version).localeCompare(
          versionUrl(b.version.organization, b.version.policy, b.version.version),
        ),
    );
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const instant = (date: string) => new Date(`${date}T00:00:00Z`);

export function renderFeed(format: FeedFormat, scope: FeedScope, entries: readonly FeedEntry[], site: URL): string {
  const absolute = (path: string) => new URL(path, site).href;
  const newest = entries[0]?.version.published;
  const feed = new Feed({
    id: absolute(feedUrl(format, scope.organization, scope.policy)),
    title: scope.title,
    description: scope.description,
    link: absolute(scope.page),
    language: 'en',
    // The newest entry's date, not the build's, so an unchanged site gives an unchanged feed.
    updated: newest ? instant(newest) : new Date(0),
    generator: 'Governance portal',
    copyright: 'Each policy belongs to the organization that published it.',
    feedLinks: {
      atom: absolute(feedUrl('atom', scope.organization, scope.policy)),
      json: absolute(feedUrl('json', scope.organization, scope.policy)),
    },
  });
  for (const { organization, policy, version } of entries) {
    const link = absolute(versionUrl(version.organization, version.policy, version.version));
    const from = previousVersion(policy, version);
    const redline = from ? absolute(changesUrl(version.organization, version.policy, from.version, version.version)) : undefined;
    const content = [
      `<p>${escapeHtml(version.summary)}</p>`,
      `<p>Version ${escapeHtml(version.version)} of ${escapeHtml(version.title)} by ${escapeHtml(organization.name)} takes effect on ${formatDate(version.effective)}${version.material ? ' (a material change)' : ''}; published ${formatDate(version.published)}.</p>`,
      `<p>SHA-256 of the canonical text: <code>${version.sha256}</code></p>`,
      redline
        ? `<p><a href="${redline}">What changed from version ${escapeHtml(from?.version ?? '')}</a></p>`
        : '<p>First published version.</p>',
    ].join('');
    feed.addItem({
      id: link,
      link,
      title: `${version.title} (${organization.name}): version ${version.version}, effective ${version.effective}`,
      date: instant(version.published),
      published: instant(version.published),
      description: `${version.summary} (effective ${version.effective}; SHA-256 ${version.sha256})`,
      content,
      author: [{ name: organization.name, ...(organization.website ? { link: organization.website } : {}) }],
      category: [{ name: policy.title, term: `${version.organization}/${version.policy}` }],
    });
  }
  return format === 'atom' ? feed.atom1() : feed.json1();
}

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** One route file serves both formats: `feed.[extension].ts` with these paths. */
export const FEED_FORMAT_PATHS = [
  { params: { extension: 'xml' }, props: { format: 'atom' as FeedFormat } },
  { params: { extension: 'json' }, props: { format: 'json' as FeedFormat } },
];

export function feedResponse(format: FeedFormat, scope: FeedScope, entries: readonly FeedEntry[], site: URL | undefined): Response {
  if (!site) throw new Error('feeds need absolute URLs: set `site` in astro.config.ts (PUBLIC_SITE_URL)');
  return new Response(renderFeed(format, scope, entries, site), { headers: { 'content-type': FEED_CONTENT_TYPES[format] } });
}

export const siteScope = (): FeedScope => ({
  title: 'Policy changes: all organizations',
  description: 'Every published policy version on the governance portal.',
  page: '/',
});

export const organizationScope = (organization: Organization): FeedScope => ({
  title: `Policy changes: ${organization.name}`,
  description: `Every published version of ${organization.name}'s policies.`,
  page: `/${organization.slug}/`,
  organization: organization.slug,
});

export const policyScope = (organization: Organization, policy: Policy): FeedScope => ({
  title: `${policy.title} (${organization.name}): changes`,
  description: `Every published version of ${policy.title} by ${organization.name}.`,
  page: policyUrl(organization.slug, policy.policy),
  organization: organization.slug,
  policy: policy.policy,
});
