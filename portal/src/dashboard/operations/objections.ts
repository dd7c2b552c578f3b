import { graphql } from '../graphql.ts';

export const ObjectionFields = graphql(`
  fragment DashboardObjection on SubprocessorObjection {
    id
    version
    effectiveAt
    email
    company
    reason
    submittedAt
    verifiedAt
    state
    outcome
    resolutionNote
    resolvedAt
    resolvedBy
  }
`);

export const ObjectionsQuery = graphql(
  `
  query DashboardObjections($organization: String!, $version: String, $state: SubprocessorObjectionState) {
    subprocessorObjections(organization: $organization, version: $version, state: $state) { ...DashboardObjection }
    organization(slug: $organization) { subprocessorLists { version announcedAt effectiveAt summary } }
  }
`,
  [ObjectionFields],
);

export const ResolveObjectionMutation = graphql(
  `
  mutation DashboardResolveObjection($input: ResolveSubprocessorObjectionInput!) {
    resolveSubprocessorObjection(input: $input) {
      __typename
      ... on MutationResolveSubprocessorObjectionSuccess { data { ...DashboardObjection } }
      ... on InputError { message code field }
    }
  }
`,
  [ObjectionFields],
);

export const ExportEvidenceMutation = graphql(`
  mutation DashboardExportEvidence($organization: String!, $version: String!) {
    exportSubprocessorChangeEvidence(organization: $organization, version: $version) {
      __typename
      ... on MutationExportSubprocessorChangeEvidenceSuccess { data { json fileName } }
      ... on InputError { message code field }
    }
  }
`);
