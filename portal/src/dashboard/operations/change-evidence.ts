import { graphql } from '../graphql.ts';

export const AnnouncedChangesQuery = graphql(`
  query DashboardAnnouncedChanges($organization: String!) {
    announcedChanges(organization: $organization) {
      kind
      document
      title
      version
      summary
      announcedAt
      effectiveAt
      notified
      delivered
      failed
    }
  }
`);

export const ExportPolicyEvidenceMutation = graphql(`
  mutation DashboardExportPolicyEvidence($organization: String!, $document: String!, $version: String!) {
    exportPolicyChangeEvidence(organization: $organization, document: $document, version: $version) {
      __typename
      ... on MutationExportPolicyChangeEvidenceSuccess { data { json fileName } }
      ... on InputError { message code field }
    }
  }
`);
