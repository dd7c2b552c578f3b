// The feeds a page announces with <link rel="alternate">: always the site's,
// plus its organization's and its policy's where the page has one.

import { type FeedFormat, feedUrl, subprocessorFeedUrl } from '@governance/policies/vocabulary/urls';
import type { Organization, Policy } from './catalog.ts';

export interface Alternate {
  type: string;
  href: string;
  title: string;
}

const TYPES: Record<FeedFormat, { type: string; name: string }> = {
  atom: { type: 'application/atom+xml', name: 'Atom' },
  json: { type: 'application/feed+json', name: 'JSON Feed' },
};

function both(title: string, organization?: string, policy?: string): Alternate[] {
  return (['atom', 'json'] as const).map((format) => ({
    type: TYPES[format].type,
    href: feedUrl(format, organization, policy),
    title: `${title} (${TYPES[format].name})`,
  }));
}

export function siteFeeds(): Alternate[] {
  return both('Policy changes, all organizations');
}

export function organizationFeeds(organization: Organization): Alternate[] {
  return [...both(`Policy changes of ${organization.name}`, organization.slug), ...siteFeeds()];
}

export function policyFeeds(organization: Organization, policy: Policy): Alternate[] {
  return [
    ...both(`Changes to ${policy.title} (${organization.name})`, organization.slug, policy.policy),
    ...organizationFeeds(organization),
  ];
}

/** The subprocessor pages announce the list's own feeds first, then the organization's (which carry the list too). */
export function subprocessorFeeds(organization: Organization): Alternate[] {
  return [
    ...(['atom', 'json'] as const).map((format) => ({
      type: TYPES[format].type,
      href: subprocessorFeedUrl(format, organization.slug),
      title: `Subprocessors of ${organization.name} (${TYPES[format].name})`,
    })),
    ...organizationFeeds(organization),
  ];
}
