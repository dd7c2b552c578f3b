// The tabs the API explorer opens with (until a visitor's own tabs are saved
// in their browser): what a vendor or security reviewer asks first. The
// documents are the ones each organization's page for reviewers offers
// (@governance/policies/vocabulary/reviewer-queries owns both), here on the
// policies shipped in policies/ with a comment on how to vary them
// (test/api/explorer.test.ts runs them).
import { diffQuery, trustPackQuery, versionAtDateQuery } from '@governance/policies/vocabulary/reviewer-queries';

const TRUST_PACK = `# The trust pack: every LeenOps policy in force
# at \`at\` (add \`body\` for the texts), the
# subprocessor list then, and every version
# that took effect since \`changesSince\`.
# Run it with ▶ or Ctrl-Enter.
${trustPackQuery({ organization: 'leenops', at: '2026-12-01T00:00:00Z', changesSince: '2026-06-01T00:00:00Z' })}`;

const VERSION_AT_DATE = `# A policy as it stood at an instant: the
# version in force then, and the SHA-256 of its
# text. Try another \`at\`, or \`currentVersion\`.
${versionAtDateQuery({ organization: 'openleash', policy: 'privacy-policy', at: '2026-07-01T00:00:00Z' })}`;

const DIFF = `# What changed between two published versions,
# section by section, in words. \`versions\` lists
# those there are: each shipped policy has one so
# far, so this compares 1.0 with itself (every
# section UNCHANGED). Once a 1.1 is published,
# ask for from: "1.0", to: "1.1".
${diffQuery({ organization: 'leenops', policy: 'terms-of-service', from: '1.0', to: '1.0' })}`;

export const EXPLORER_TAB_QUERIES: readonly string[] = [TRUST_PACK, VERSION_AT_DATE, DIFF];
