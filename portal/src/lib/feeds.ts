// Atom and JSON Feed of policy versions and subprocessor list versions,
// built with the `feed` library. One entry per published version: its
// permanent URL is its id, its publication (or announcement) date its date,
// and its content carries the dates, the SHA-256 and the link to what
// changed. Nothing depends on the build time, so feeds are reproducible.
//
// A subprocessor list version is an entry of the organization's feeds (and
// the site's) as well as of the list's own feed: whoever follows an
// organization's changes expects to hear of a new subprocessor, the change
// the law requires notice of, without knowing to subscribe to a second
// feed; the list's own feed serves those who follow only who receives data.

import {
  changesUrl,
  type FeedFormat,
  feedUrl,
  policyUrl,
  subprocessorListUrl,
  subprocessorsUrl,
  versionUrl,
} from '@governance/policies/vocabulary/urls';
import { Feed, type Item } from 'feed';
import type { CatalogVersion, Organization, Policy } from './catalog.ts';
import { formatDate } from './dates.ts';
import { entryTitle } from './subprocessor-facts.ts';
import type { ListVersion } from './subprocessor-register.ts';
import { previousVersion } from './version-pairs.ts';

export interface FeedScope {
  title: string;
  description: string;
  /** The page the feed is about. */
  page: string;
  organization?: string;
  policy?: string;
}

interface PolicyFeedEntry {
  organization: Organization;
  policy: Policy;
  version: CatalogVersion;
}

interface RegisterFeedEntry {
  organization: Organization;
  list: ListVersion;
}

type FeedEntry = PolicyFeedEntry | RegisterFeedEntry;

/** The date an entry is filed under: a policy version's publication, a list's announcement. */
const dateOf = (entry: FeedEntry) => ('list' in entry ? entry.list.announced : entry.version.published);
const effectiveOf = (entry: FeedEntry) => ('list' in entry ? entry.list.effective : entry.version.effective);
const urlOf = (entry: FeedEntry) =>
  'list' in entry
    ? subprocessorListUrl(entry.list.organization, entry.list.version)
    : versionUrl(entry.version.organization, entry.version.policy, entry.version.version);

const newestFirst = (a: FeedEntry, b: FeedEntry) =>
  dateOf(b).localeCompare(dateOf(a)) || effectiveOf(b).localeCompare(effectiveOf(a)) || urlOf(a).localeCompare(urlOf(b));

/** Every visible version of the given policies, newest publication first. */
export function entriesOf(organizations: readonly Organization[], only?: { organization?: string; policy?: string }): PolicyFeedEntry[] {
  return organizations
    .filter((organization) => !only?.organization || organization.slug === only.organization)
    .flatMap((organization) =>
      organization.policies
        .filter((policy) => !only?.policy || policy.policy === only.policy)
        .flatMap((policy) => policy.versions.map(({ version }) => ({ organization, policy, version }))),
    )
    .sort(newestFirst);
}

/** Every announced version of the organizations' subprocessor lists, newest announcement first. */
export function registerEntriesOf(organizations: readonly Organization[]): RegisterFeedEntry[] {
  return organizations
    .flatMap((organization) => organization.subprocessors.versions.map((list) => ({ organization, list })))
    .sort(newestFirst);
}

/** What an organization's feed (or the site's) carries: its policies' versions and its list's, newest first. */
export function allEntriesOf(organizations: readonly Organization[]): FeedEntry[] {
  return [...entriesOf(organizations), ...registerEntriesOf(organizations)].sort(newestFirst);
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const instant = (date: string) => new Date(`${date}T00:00:00Z`);

export function renderFeed(format: FeedFormat, scope: FeedScope, entries: readonly FeedEntry[], site: URL): string {
  const absolute = (path: string) => new URL(path, site).href;
  const newest = entries[0] && dateOf(entries[0]);
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
  for (const entry of entries) feed.addItem('list' in entry ? registerItem(entry, absolute) : policyItem(entry, absolute));
  return format === 'atom' ? feed.atom1() : feed.json1();
}

function policyItem({ organization, policy, version }: PolicyFeedEntry, absolute: (path: string) => string): Item {
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
  return {
    id: link,
    link,
    title: `${version.title} (${organization.name}): version ${version.version}, effective ${version.effective}`,
    date: instant(version.published),
    published: instant(version.published),
    description: `${version.summary} (effective ${version.effective}; SHA-256 ${version.sha256})`,
    content,
    author: [{ name: organization.name, ...(organization.website ? { link: organization.website } : {}) }],
    category: [{ name: policy.title, term: `${version.organization}/${version.policy}` }],
  };
}

const CHANGE_WORDS = { added: 'Adds', removed: 'Removes', modified: 'Changes' } as const;

function registerItem({ organization, list }: RegisterFeedEntry, absolute: (path: string) => string): Item {
  const link = absolute(subprocessorListUrl(list.organization, list.version));
  const changes = list.previous
    ? list.changes.map(
        (change) =>
          `<li>${CHANGE_WORDS[change.kind]} ${escapeHtml(entryTitle(change.kind === 'modified' ? change.after : change.entry))}${change.kind === 'modified' ? ` (${change.fields.join(', ')})` : ''}</li>`,
      )
    : [];
  const content = [
    `<p>${escapeHtml(list.summary)}</p>`,
    `<p>Version ${escapeHtml(list.version)} of the subprocessor list of ${escapeHtml(organization.name)}, announced ${formatDate(list.announced)}, takes effect on ${formatDate(list.effective)}.</p>`,
    changes.length > 0 ? `<ul>${changes.join('')}</ul>` : list.previous ? '' : '<p>First published version.</p>',
    `<p>SHA-256 of the canonical JSON: <code>${list.sha256}</code></p>`,
    `<p><a href="${link}">The list and what changed</a></p>`,
  ].join('');
  return {
    id: link,
    link,
    title: `Subprocessors (${organization.name}): version ${list.version}, effective ${list.effective}`,
    date: instant(list.announced),
    published: instant(list.announced),
    description: `${list.summary} (effective ${list.effective}; SHA-256 ${list.sha256})`,
    content,
    author: [{ name: organization.name, ...(organization.website ? { link: organization.website } : {}) }],
    category: [{ name: 'Subprocessors', term: `${list.organization}/subprocessors` }],
  };
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
  description: 'Every published policy version and subprocessor list on the governance portal.',
  page: '/',
});

export const organizationScope = (organization: Organization): FeedScope => ({
  title: `Policy changes: ${organization.name}`,
  description: `Every published version of ${organization.name}'s policies and of its subprocessor list.`,
  page: `/${organization.slug}/`,
  organization: organization.slug,
});

export const subprocessorScope = (organization: Organization): FeedScope => ({
  title: `Subprocessors: ${organization.name}`,
  description: `Every announced version of ${organization.name}'s list of subprocessors.`,
  page: subprocessorsUrl(organization.slug),
  organization: organization.slug,
  // The list's own feed sits beside its page: /<org>/subprocessors/feed.xml.
  policy: 'subprocessors',
});

export const policyScope = (organization: Organization, policy: Policy): FeedScope => ({
  title: `${policy.title} (${organization.name}): changes`,
  description: `Every published version of ${policy.title} by ${organization.name}.`,
  page: policyUrl(organization.slug, policy.policy),
  organization: organization.slug,
  policy: policy.policy,
});
