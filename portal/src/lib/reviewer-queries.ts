// The ready-made queries of /<org>/reviewers/: the trust pack, a policy as it
// stood at a date, and the diff between two versions, written with the
// organization's own slugs and versions (never hard-coded per organization)
// and the portal's public origin, each as a GraphQL document, a curl command
// and a link that opens the API explorer with it. The documents themselves
// are the API explorer's too (@governance/policies/vocabulary/reviewer-queries);
// this module adds the words around them. Kept free of Astro imports so it
// can be unit-tested with plain objects.
import { diffQuery, type ReviewerQueryName, trustPackQuery, versionAtDateQuery } from '@governance/policies/vocabulary/reviewer-queries';
import { apiExplorerUrl, GRAPHQL_PATH } from '@governance/policies/vocabulary/urls';
import { type CatalogVersion, listedPolicies, type Organization } from './catalog.ts';
import { formatDate } from './dates.ts';
import { consecutivePairs } from './version-pairs.ts';

export interface ReviewerQuery {
  /** The operation's name, also the id of its section on the page. */
  name: ReviewerQueryName;
  /** The question it answers, as the section's heading. */
  title: string;
  /** What the answer holds, in plain words; the names of the API's fields and arguments as code. */
  explanation: Prose;
  document: string;
  curl: string;
  /** Absolute: the explorer on this portal's origin, the query filled in. */
  explorerUrl: string;
}

/** Words, with the names of the API's fields and arguments set apart as `{ code }`. */
export type Prose = ReadonlyArray<string | { code: string }>;

const code = (name: string) => ({ code: name });

/** The instant a calendar day begins (UTC), as the API reads dates. */
const startOf = (date: string) => `${date}T00:00:00Z`;

/** One argument for a POSIX shell: single-quoted, with any single quote closed, escaped and reopened. */
export const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A curl command that posts `document` to the API at `endpoint`. */
export function curlCommand(endpoint: string, document: string): string {
  // One line of JSON: the document's layout carries no meaning to GraphQL (our documents hold no strings with runs of spaces).
  const body = JSON.stringify({ query: document.replace(/\s+/g, ' ').trim() });
  return `curl -s ${shellQuote(endpoint)} \\\n  -H 'content-type: application/json' \\\n  -d ${shellQuote(body)}`;
}

/**
 * The queries for `organization` on `today` (the portal's day), for the
 * portal at `site`. Null when the organization has no policy in force yet:
 * there is nothing to ask about.
 */
export function reviewerQueries(organization: Organization, today: string, site: URL): ReviewerQuery[] | null {
  const [example] = listedPolicies(organization);
  if (!example) return null;
  const endpoint = new URL(GRAPHQL_PATH, site).href;
  const complete = (query: Omit<ReviewerQuery, 'curl' | 'explorerUrl'>): ReviewerQuery => ({
    ...query,
    curl: curlCommand(endpoint, query.document),
    explorerUrl: new URL(apiExplorerUrl(query.document), site).href,
  });
  return [
    complete(trustPack(organization, today)),
    complete(versionAtDate(organization.slug, example.policy, example.title, today)),
    complete(diff(organization, example.policy, example.current)),
  ];
}

function trustPack(organization: Organization, today: string): Omit<ReviewerQuery, 'curl' | 'explorerUrl'> {
  return {
    name: 'TrustPack',
    title: 'Everything in force on a date: the trust pack',
    explanation: [
      `Every policy of ${organization.name} in force on ${formatDate(today)}, with its version, dates and SHA-256, and every version that took effect up to then. Ask for `,
      code('body'),
      ' to get the texts too, and give ',
      code('changesSince'),
      ' to list only the recent changes. The same question always gives the same answer, so you can file it.',
    ],
    document: trustPackQuery({ organization: organization.slug, at: startOf(today) }),
  };
}

function versionAtDate(
  organization: string,
  policy: string,
  policyTitle: string,
  today: string,
): Omit<ReviewerQuery, 'curl' | 'explorerUrl'> {
  return {
    name: 'VersionAtDate',
    title: 'A policy as it stood on a date',
    explanation: [
      `The version of ${policyTitle} in force on ${formatDate(today)}, with its dates, the SHA-256 of its text and its sections, and the list of every version. Change `,
      code('at'),
      ' to any instant, past or future.',
    ],
    document: versionAtDateQuery({ organization, policy, at: startOf(today) }),
  };
}

/** The newest pair of consecutive versions of any policy; else the example policy's current version with itself. */
function diff(
  organization: Organization,
  fallbackPolicy: string,
  fallbackVersion: CatalogVersion,
): Omit<ReviewerQuery, 'curl' | 'explorerUrl'> {
  const newest = organization.policies
    .flatMap((policy) => consecutivePairs(policy).map((pair) => ({ policy, ...pair })))
    .sort((a, b) => b.to.published.localeCompare(a.to.published) || b.to.effective.localeCompare(a.to.effective))[0];
  const policy = newest?.policy.policy ?? fallbackPolicy;
  const from = newest?.from.version ?? fallbackVersion.version;
  const to = newest?.to.version ?? fallbackVersion.version;
  return {
    name: 'Diff',
    title: 'What changed between two versions',
    explanation: newest
      ? [
          `What changed from version ${from} to version ${to} of ${newest.to.title}, section by section: each section added, removed, modified, moved or unchanged, with the words inserted and deleted.`,
        ]
      : [
          `What changed between two versions, section by section. Each policy of ${organization.name} has one version so far, so this compares version ${from} of ${fallbackVersion.title} with itself (every section unchanged); once another version is published, name it in `,
          code('to'),
          '.',
        ],
    document: diffQuery({ organization: organization.slug, policy, from, to }),
  };
}
