// The questions a vendor or security reviewer asks the API first, as GraphQL
// documents: the trust pack, a policy as it stood at an instant, and the diff
// between two versions. One owner for both places that offer them ready to
// run: the API explorer's opening tabs (api/src/http/explorer/explorer-tabs.ts)
// and each organization's page for reviewers (portal/src/lib/reviewer-queries.ts),
// so a field renamed or added reaches both. Each caller fills in its own
// organization, policy, versions and instants.

/** The operation names, also the explorer's tab titles and the ids of the reviewers page's sections. */
export const REVIEWER_QUERY_NAMES = ['TrustPack', 'VersionAtDate', 'Diff'] as const;
export type ReviewerQueryName = (typeof REVIEWER_QUERY_NAMES)[number];

/** An instant as the API reads it, `2026-12-01T00:00:00Z`. */
type Instant = string;

/** A GraphQL string literal: JSON's escaping is GraphQL's for the characters slugs and versions hold. */
const literal = (text: string) => JSON.stringify(text);

/**
 * Every policy in force at `at`, with version, dates and SHA-256, the
 * subprocessor list in force then, and the versions that took effect since
 * `changesSince` (since the beginning when not given).
 */
export function trustPackQuery({ organization, at, changesSince }: { organization: string; at: Instant; changesSince?: Instant }): string {
  const call =
    changesSince === undefined
      ? `trustPack(at: ${literal(at)})`
      : `trustPack(
      at: ${literal(at)}
      changesSince: ${literal(changesSince)}
    )`;
  return `query TrustPack {
  organization(slug: ${literal(organization)}) {
    name
    ${call} {
      at
      policies {
        policy { slug title }
        version { version effectiveAt publishedAt sha256 }
      }
      subprocessors { version effectiveAt sha256 }
      changes {
        policy { slug }
        version { version effectiveAt summary }
        previousVersion { version }
      }
    }
  }
}
`;
}

/** The version of a policy in force at `at`, with its dates, SHA-256 and sections, and its changelog. */
export function versionAtDateQuery({ organization, policy, at }: { organization: string; policy: string; at: Instant }): string {
  return `query VersionAtDate {
  policy(organization: ${literal(organization)}, slug: ${literal(policy)}) {
    title
    versionAt(at: ${literal(at)}) {
      version
      effectiveAt
      publishedAt
      sha256
      sections { id title }
    }
    changelog { version effectiveAt summary }
  }
}
`;
}

/** What changed from `from` to `to`, section by section, with the words inserted and deleted. */
export function diffQuery({ organization, policy, from, to }: { organization: string; policy: string; from: string; to: string }): string {
  return `query Diff {
  policy(organization: ${literal(organization)}, slug: ${literal(policy)}) {
    title
    versions(first: 10) {
      edges { node { version effectiveAt } }
    }
    diff(from: ${literal(from)}, to: ${literal(to)}) {
      totals {
        sectionsAdded
        sectionsRemoved
        sectionsModified
        sectionsMoved
        sectionsUnchanged
        wordsInserted
        wordsDeleted
      }
      sections { sectionId title previousTitle change hunks { kind text } }
    }
  }
}
`;
}
