import { graphql } from '../graphql.ts';

export const AuditEventsQuery = graphql(`
  query DashboardAuditEvents($organization: String!, $filter: AuditEventFilter, $first: Int!, $after: String) {
    auditEvents(organization: $organization, filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          seq
          occurredAt
          action
          actor { type id label }
          actorName
          target { type id }
          targetLabel
          metadata
          hash
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const VerifyAuditChainQuery = graphql(`
  query DashboardVerifyAuditChain($organization: String!) {
    verifyAuditChain(organization: $organization) { ok eventsChecked firstBadSeq reason sealedThrough }
  }
`);

export const AuditTrailMembersQuery = graphql(`
  query DashboardAuditTrailMembers($organization: String!) {
    auditTrailMembers(organization: $organization) { id name }
  }
`);
