import { graphql } from '../graphql.ts';
import { CorrectionFields } from './corrections.ts';

export const QueueRowFields = graphql(`
  fragment DashboardQueueRow on DeletionRequest {
    id
    reference
    status
    jurisdiction
    kinds
    receivedAt
    dueAt
    daysLeft
    overdue
    email
    assignee { id name }
    duplicateOf { id reference }
  }
`);

export const DeletionQueueQuery = graphql(
  `
  query DashboardDeletionQueue($organization: String!, $filter: DeletionRequestFilter, $after: String) {
    deletionRequests(organization: $organization, filter: $filter, first: 20, after: $after) {
      edges { cursor node { ...DashboardQueueRow } }
      pageInfo { hasNextPage endCursor }
    }
    deletionRequestCounts(organization: $organization) { status count }
  }
`,
  [QueueRowFields],
);

/** The overview's work: what is mine, late, due soon and unconfirmed; each a view of the queue (queue-view.ts). */
export const WorkCountsQuery = graphql(`
  query DashboardWorkCounts($organization: String!, $mine: DeletionRequestFilter!, $overdue: DeletionRequestFilter!, $dueSoon: DeletionRequestFilter!, $unconfirmed: DeletionRequestFilter!) {
    mine: deletionRequestCounts(organization: $organization, filter: $mine) { status count }
    overdue: deletionRequestCounts(organization: $organization, filter: $overdue) { status count }
    dueSoon: deletionRequestCounts(organization: $organization, filter: $dueSoon) { status count }
    unconfirmed: deletionRequestCounts(organization: $organization, filter: $unconfirmed) { status count }
  }
`);

export const AssigneesQuery = graphql(`
  query DashboardAssignees($organization: String!) {
    organizationMembers(organization: $organization) { id name status }
  }
`);

export const RequestFields = graphql(
  `
  fragment DashboardDeletionRequest on DeletionRequest {
    id
    reference
    organization
    status
    version
    allowedTransitions
    extensionAvailable
    jurisdiction
    kinds
    fromSamePerson { lastTwelveMonths dataCopiesLastTwelveMonths dataCopyLimitReached }
    receivedAt
    verifiedAt
    closedAt
    dueAt
    daysLeft
    overdue
    completedLate
    acknowledgementDueAt
    email
    name
    accountIdentifier
    details
    personalDataErasedAt
    duplicateOf { id reference }
    assignee { id name }
    extension { amount unit reason at }
    hold { reason since }
    rejectionCategory
    outcomeReason
    completion { summary systems }
    receipt
    timeline { id occurredAt kind actor fromStatus toStatus public note reason holdReason message assigneeName extension { amount unit } }
    ...DashboardCorrections
  }
`,
  [CorrectionFields],
);

export const DeletionRequestQuery = graphql(
  `
  query DashboardDeletionRequest($id: ID!) {
    deletionRequest(id: $id) { ...DashboardDeletionRequest }
  }
`,
  [RequestFields],
);

export const VerifyManuallyMutation = graphql(
  `
  mutation DashboardVerifyManuallyDeletionRequest($id: ID!, $version: Int!, $reason: String!) {
    verifyDeletionRequestManually(id: $id, version: $version, reason: $reason) {
      __typename
      ... on InputError { message code field }
      ... on MutationVerifyDeletionRequestManuallySuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const AssignMutation = graphql(
  `
  mutation DashboardAssignDeletionRequest($id: ID!, $version: Int!, $assignee: ID) {
    assignDeletionRequest(id: $id, version: $version, assignee: $assignee) {
      __typename
      ... on InputError { message code field }
      ... on MutationAssignDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const StartMutation = graphql(
  `
  mutation DashboardStartDeletionRequest($id: ID!, $version: Int!) {
    startDeletionRequest(id: $id, version: $version) {
      __typename
      ... on InputError { message code field }
      ... on MutationStartDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const HoldMutation = graphql(
  `
  mutation DashboardHoldDeletionRequest($id: ID!, $version: Int!, $reason: HoldReason!, $message: String!) {
    holdDeletionRequest(id: $id, version: $version, reason: $reason, message: $message) {
      __typename
      ... on InputError { message code field }
      ... on MutationHoldDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const ResumeMutation = graphql(
  `
  mutation DashboardResumeDeletionRequest($id: ID!, $version: Int!) {
    resumeDeletionRequest(id: $id, version: $version) {
      __typename
      ... on InputError { message code field }
      ... on MutationResumeDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const ExtendMutation = graphql(
  `
  mutation DashboardExtendDeletionRequest($id: ID!, $version: Int!, $amount: Int!, $reason: String!) {
    extendDeletionRequest(id: $id, version: $version, amount: $amount, reason: $reason) {
      __typename
      ... on InputError { message code field }
      ... on MutationExtendDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const CompleteMutation = graphql(
  `
  mutation DashboardCompleteDeletionRequest($id: ID!, $version: Int!, $summary: String!, $systems: [String!]!, $retained: [RetainedItemInput!]) {
    completeDeletionRequest(id: $id, version: $version, summary: $summary, systems: $systems, retained: $retained) {
      __typename
      ... on InputError { message code field }
      ... on MutationCompleteDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const RejectMutation = graphql(
  `
  mutation DashboardRejectDeletionRequest($id: ID!, $version: Int!, $category: RejectionCategory!, $reason: String!) {
    rejectDeletionRequest(id: $id, version: $version, category: $category, reason: $reason) {
      __typename
      ... on InputError { message code field }
      ... on MutationRejectDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const CancelMutation = graphql(
  `
  mutation DashboardCancelDeletionRequest($id: ID!, $version: Int!, $reason: String!) {
    cancelDeletionRequest(id: $id, version: $version, reason: $reason) {
      __typename
      ... on InputError { message code field }
      ... on MutationCancelDeletionRequestSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);

export const AddNoteMutation = graphql(
  `
  mutation DashboardAddNoteDeletionRequest($id: ID!, $text: String!) {
    addDeletionRequestNote(id: $id, text: $text) {
      __typename
      ... on InputError { message code field }
      ... on MutationAddDeletionRequestNoteSuccess { data { ...DashboardDeletionRequest } }
    }
  }
`,
  [RequestFields],
);
