// Every page URL ends in a slash, matching `trailingSlash: 'always'`.

export function organizationUrl(organization: string): string {
  return `/${organization}/`;
}

export function policyUrl(organization: string, policy: string): string {
  return `/${organization}/${policy}/`;
}

export function versionUrl(organization: string, policy: string, version: string): string {
  return `/${organization}/${policy}/v/${version}/`;
}

/** The redline between two versions: `/acme/terms/changes/1.0...1.1/`. */
export function changesUrl(organization: string, policy: string, from: string, to: string): string {
  return `/${organization}/${policy}/changes/${from}...${to}/`;
}

export function policiesJsonUrl(organization: string): string {
  return `/${organization}/policies.json`;
}

export const POLICIES_JSON_SCHEMA_URL = '/schemas/policies.schema.json';

export type FeedFormat = 'atom' | 'json';

const FEED_FILES: Record<FeedFormat, string> = { atom: 'feed.xml', json: 'feed.json' };

/** Feeds of the whole site, of an organization, or of one policy. */
export function feedUrl(format: FeedFormat, organization?: string, policy?: string): string {
  const scope = [organization, policy].filter(Boolean).join('/');
  return scope ? `/${scope}/${FEED_FILES[format]}` : `/${FEED_FILES[format]}`;
}

/** The staff dashboard: not for search engines (robots.txt, and noindex on each page). */
export const DASHBOARD_PATH = '/dashboard/';

/** The sitemap of the public pages, written by the sitemap integration. */
export const SITEMAP_PATH = '/sitemap.xml';
