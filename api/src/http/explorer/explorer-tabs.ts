// The tabs the API explorer opens with (until a visitor's own tabs are saved
// in their browser): what a vendor or security reviewer asks first. Each runs
// on the policies shipped in policies/ (test/api/explorer.test.ts runs them).
// Lines stay short: the editor pane is about 50 characters wide.

const TRUST_PACK = `# The trust pack: every LeenOps policy in force
# at \`at\` (add \`body\` for the texts), and every
# version that took effect since \`changesSince\`.
# Run it with ▶ or Ctrl-Enter.
query TrustPack {
  organization(slug: "leenops") {
    name
    trustPack(
      at: "2026-12-01T00:00:00Z"
      changesSince: "2026-06-01T00:00:00Z"
    ) {
      policies {
        policy { slug title }
        version { version effectiveAt sha256 }
      }
      changes {
        policy { slug }
        version { version effectiveAt summary }
        previousVersion { version }
      }
    }
  }
}
`;

const VERSION_AT_DATE = `# A policy as it stood at an instant: the
# version in force then, and the SHA-256 of its
# text. Try another \`at\`, or \`currentVersion\`.
query VersionAtDate {
  policy(
    organization: "openleash"
    slug: "privacy-policy"
  ) {
    title
    versionAt(at: "2026-07-01T00:00:00Z") {
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

const DIFF = `# What changed between two published versions,
# section by section, in words. \`versions\` lists
# those there are: each shipped policy has one so
# far, so this compares 1.0 with itself (every
# section UNCHANGED). Once a 1.1 is published,
# ask for from: "1.0", to: "1.1".
query Diff {
  policy(
    organization: "leenops"
    slug: "terms-of-service"
  ) {
    versions(first: 10) {
      edges { node { version effectiveAt } }
    }
    diff(from: "1.0", to: "1.0") {
      totals {
        sectionsAdded
        sectionsRemoved
        sectionsModified
        sectionsMoved
        sectionsUnchanged
        wordsInserted
        wordsDeleted
      }
      sections {
        sectionId
        title
        change
        hunks { kind text }
      }
    }
  }
}
`;

export const EXPLORER_TAB_QUERIES: readonly string[] = [TRUST_PACK, VERSION_AT_DATE, DIFF];
