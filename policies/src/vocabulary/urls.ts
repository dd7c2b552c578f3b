// The portal's addresses, for the pages that link them and for the API's
// mails and redirects that send people there. Paths are root-relative; the
// API puts its public origin (PUBLIC_URL) in front for mail. Every page URL
// ends in a slash, matching the portal's `trailingSlash: 'always'`.

const segment = (slug: string) => encodeURIComponent(slug);

/** What an organization's, policy's or category's slug may be: `terms-of-service`, never `-x`, `x-` or `a--b`. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether an address segment can name an organization at all; a page answers 404 without asking the database when not. */
export const isSlug = (text: string | null | undefined): text is string => typeof text === 'string' && SLUG_PATTERN.test(text);

// --- policies -----------------------------------------------------------------

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

/**
 * The organization's own pages beside its policies (`/<org>/changes/`…): a
 * policy may not take one of these slugs, or its pages would collide.
 */
export const ORGANIZATION_PAGE_SEGMENTS: ReadonlySet<string> = new Set([
  'changes',
  'reviewers',
  'retention',
  'transparency',
  'privacy-request',
  'subprocessors',
]);

/** What changed in an organization's policies, and when: the page people read beside the feeds. */
export function organizationChangesUrl(organization: string): string {
  return `/${organization}/changes/`;
}

/** What a vendor or security reviewer can ask the API about an organization, with queries to copy. */
export function reviewersUrl(organization: string): string {
  return `/${organization}/reviewers/`;
}

/** The organization's trust pack as it stands now, as a JSON download. */
export function trustPackUrl(organization: string): string {
  return `/${organization}/trust-pack.json`;
}

/** The public retention schedule. */
export function retentionUrl(organization: string): string {
  return `/${organization}/retention/`;
}

export function policiesJsonUrl(organization: string): string {
  return `/${organization}/policies.json`;
}

export const POLICIES_JSON_SCHEMA_URL = '/schemas/policies.schema.json';

/** Who else receives the organization's data: the subprocessor list in force, AI providers apart, and changes announced. */
export function subprocessorsUrl(organization: string): string {
  return `/${organization}/subprocessors/`;
}

/** One version of the subprocessor list, at a permanent address: `/leandna/subprocessors/1.0/`. */
export function subprocessorListUrl(organization: string, version: string): string {
  return `/${organization}/subprocessors/${version}/`;
}

/** The exact bytes a list version's SHA-256 is computed over (its RFC 8785 canonical JSON). */
export function subprocessorListJsonUrl(organization: string, version: string): string {
  return `${subprocessorListUrl(organization, version)}list.json`;
}

export type FeedFormat = 'atom' | 'json';

const FEED_FILES: Record<FeedFormat, string> = { atom: 'feed.xml', json: 'feed.json' };

/** Feeds of the whole site, of an organization, or of one policy. */
export function feedUrl(format: FeedFormat, organization?: string, policy?: string): string {
  const scope = [organization, policy].filter(Boolean).join('/');
  return scope ? `/${scope}/${FEED_FILES[format]}` : `/${FEED_FILES[format]}`;
}

/** The feeds of the subprocessor list alone, for those who follow only who receives the data. */
export function subprocessorFeedUrl(format: FeedFormat, organization: string): string {
  return `${subprocessorsUrl(organization)}${FEED_FILES[format]}`;
}

/** The GraphQL API; a GET from a browser opens its explorer (GraphiQL) when the server has it on. */
export const GRAPHQL_PATH = '/graphql';

/** The API explorer with `query` filled in, ready to run. */
export const apiExplorerUrl = (query: string) => `${GRAPHQL_PATH}?query=${encodeURIComponent(query)}`;

/** The sitemap of the public pages, written by the sitemap integration. */
export const SITEMAP_PATH = '/sitemap.xml';

/** The organization's signed audit checkpoints and public keys. */
export const auditCheckpointsUrl = (organization: string) => `/.well-known/audit-checkpoints/${organization}.json`;

// --- the requester's pages ----------------------------------------------------

const requestBase = (organization: string) => `/${segment(organization)}/privacy-request/`;

/** The form; the no-JavaScript form posts here too. */
export const requestFormUrl = (organization: string) => requestBase(organization);
export const receivedUrl = (organization: string) => `${requestBase(organization)}received/`;
/** The verification link's page; the no-JavaScript confirmation posts here too. */
export const verifyUrl = (organization: string) => `${requestBase(organization)}verify/`;
export const verifiedUrl = (organization: string) => `${requestBase(organization)}verify/confirmed/`;
export const statusUrl = (organization: string) => `${requestBase(organization)}status/`;
export const transparencyUrl = (organization: string) => `/${segment(organization)}/transparency/`;

// --- change notices -----------------------------------------------------------

const noticesBase = (organization: string) => `/${segment(organization)}/changes/`;

/** The "Get notified of changes" form's own page; every copy of the form posts here, and it answers "Check your email". */
export const subscribeUrl = (organization: string) => `${noticesBase(organization)}subscribe/`;
/** Where the form ends: "Check your email". */
export const subscribeSentUrl = (organization: string) => `${noticesBase(organization)}subscribe/check-email/`;
/** Where a confirmed subscription ends: "You're subscribed". */
export const subscribedUrl = (organization: string) => `${noticesBase(organization)}subscribed/`;
/** The confirmation link's page (`?token=`): a button confirms, so a mail scanner opening the link does not. */
export const confirmSubscriptionUrl = (organization: string) => `${noticesBase(organization)}confirm/`;
/** Every subscription mail's unsubscribe link (`?token=`): a POST unsubscribes at once (RFC 8058), a GET shows a button. */
export const unsubscribeUrl = (organization: string) => `${noticesBase(organization)}unsubscribe/`;

// --- the staff dashboard ------------------------------------------------------

/** The staff dashboard: not for search engines (robots.txt, and noindex on each page). */
export const DASHBOARD_PATH = '/dashboard/';

/** The dashboard's first page, on an organization. */
export const dashboardUrl = (organization: string) => `${DASHBOARD_PATH}?org=${segment(organization)}`;

/** The sign-in page, going on to `next` (a dashboard path) once signed in. */
export const signInUrl = (next?: string) => `${DASHBOARD_PATH}sign-in/${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`;

export const requestQueueUrl = (organization: string) => `${DASHBOARD_PATH}requests/?org=${segment(organization)}`;

export const requestDetailUrl = (organization: string, id: string) =>
  `${DASHBOARD_PATH}requests/detail/?org=${segment(organization)}&id=${segment(id)}`;

// --- subprocessor objections ----------------------------------------------------

/** The form where a customer contact objects to an announced subprocessor list version (`?version=1.1`). */
export function subprocessorObjectionUrl(organization: string, version?: string): string {
  return `/${segment(organization)}/subprocessors/object/${version ? `?version=${encodeURIComponent(version)}` : ''}`;
}

/** "Check your email", after an objection was sent. */
export function subprocessorObjectionSentUrl(organization: string, version: string): string {
  return `/${segment(organization)}/subprocessors/object/sent/?version=${encodeURIComponent(version)}`;
}

/**
 * Where the link of the objection's confirmation mail lands. The token rides
 * in the query, so the page works without JavaScript; the page confirms only
 * when its button is pressed (a POST), never on opening the link.
 */
export function subprocessorObjectionVerifyUrl(organization: string, token?: string): string {
  return `/${segment(organization)}/subprocessors/object/verify/${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
