// The GraphQL documents of the requester's pages, against api/schema.graphql
// (a test validates each one against it), with the shapes they return.
import type { InputError } from '../graphql-fetch.ts';
import type { DeletionRequestMetrics } from './metrics-view.ts';
import type { DeletionRequestStatusView } from './status-view.ts';

export const SUBMIT_DELETION_REQUEST = `mutation SubmitDeletionRequest($input: SubmitDeletionRequestInput!) {
  submitDeletionRequest(input: $input) {
    __typename
    ... on MutationSubmitDeletionRequestSuccess { data { reference } }
    ... on InputError { code field message }
  }
}`;

export interface SubmitDeletionRequestData {
  submitDeletionRequest: { __typename: 'MutationSubmitDeletionRequestSuccess'; data: { reference: string } } | InputError;
}

export const VERIFY_DELETION_REQUEST = `mutation VerifyDeletionRequest($token: String!) {
  verifyDeletionRequest(token: $token) {
    __typename
    ... on MutationVerifyDeletionRequestSuccess { data { reference } }
    ... on InputError { code field message }
  }
}`;

export interface VerifyDeletionRequestData {
  verifyDeletionRequest: { __typename: 'MutationVerifyDeletionRequestSuccess'; data: { reference: string } } | InputError;
}

export const DELETION_REQUEST_STATUS = `query DeletionRequestStatus($token: String!) {
  deletionRequestStatus(token: $token) {
    reference organization organizationName status jurisdiction receivedAt dueAt daysLeft
    extensionReason outcomeReason rejectionCategory
    history { occurredAt kind status summary }
    receipt
  }
}`;

export interface DeletionRequestStatusData {
  /** Null for any link that is not valid (unknown, expired, malformed): always the same answer. */
  deletionRequestStatus: DeletionRequestStatusView | null;
}

const METRICS_FIELDS = `organization year received completed rejected cancelled expired open
    rejectedByCategory { category count } medianDaysToClose p90DaysToClose closedOnTimeShare`;

/** Both years in one request. */
export const DELETION_REQUEST_METRICS = `query DeletionRequestMetrics($organization: String!, $thisYear: Int!, $lastYear: Int!) {
  thisYear: deletionRequestMetrics(organization: $organization, year: $thisYear) { ${METRICS_FIELDS} }
  lastYear: deletionRequestMetrics(organization: $organization, year: $lastYear) { ${METRICS_FIELDS} }
}`;

export interface DeletionRequestMetricsData {
  /** Null for an organization the API does not know. */
  thisYear: DeletionRequestMetrics | null;
  lastYear: DeletionRequestMetrics | null;
}
