// The GraphQL documents of the public pages, typed by gql.tada against
// api/schema.graphql as the dashboard's are (../../dashboard/graphql.ts): the
// browser scripts send them through graphqlFetch, the live pages run them in
// the server (App.Locals.graphql), and the tests import these same documents.
import { graphql, type ResultOf } from '../../dashboard/graphql.ts';

export const SUBMIT_DELETION_REQUEST = graphql(`
  mutation SubmitDeletionRequest($input: SubmitDeletionRequestInput!) {
    submitDeletionRequest(input: $input) {
      __typename
      ... on MutationSubmitDeletionRequestSuccess { data { reference } }
      ... on InputError { code field message }
    }
  }
`);

/** The form's submission: what the person asks for (kinds) with their answers. */
export const SUBMIT_PRIVACY_REQUEST = graphql(`
  mutation SubmitPrivacyRequest($input: SubmitPrivacyRequestInput!) {
    submitPrivacyRequest(input: $input) {
      __typename
      ... on MutationSubmitPrivacyRequestSuccess { data { reference } }
      ... on InputError { code field message }
    }
  }
`);

export const VERIFY_DELETION_REQUEST = graphql(`
  mutation VerifyDeletionRequest($token: String!) {
    verifyDeletionRequest(token: $token) {
      __typename
      ... on MutationVerifyDeletionRequestSuccess { data { reference status } }
      ... on InputError { code field message }
    }
  }
`);

/** The short code of the first mail, typed with the reference: for people who cannot open the link. */
export const VERIFY_DELETION_REQUEST_WITH_CODE = graphql(`
  mutation VerifyDeletionRequestWithCode($reference: String!, $code: String!) {
    verifyDeletionRequestWithCode(reference: $reference, code: $code) {
      __typename
      ... on MutationVerifyDeletionRequestWithCodeSuccess { data { reference status } }
      ... on InputError { code field message }
    }
  }
`);

/** The short code of the second mail, typed with the reference: a status token for this device. */
export const OPEN_DELETION_REQUEST_STATUS_WITH_CODE = graphql(`
  mutation OpenDeletionRequestStatusWithCode($reference: String!, $code: String!) {
    openDeletionRequestStatusWithCode(reference: $reference, code: $code) {
      __typename
      ... on MutationOpenDeletionRequestStatusWithCodeSuccess { data { statusToken } }
      ... on InputError { code field message }
    }
  }
`);

/** Null for any link that is not valid (unknown, expired, malformed): always the same answer. */
export const DELETION_REQUEST_STATUS = graphql(`
  query DeletionRequestStatus($token: String!) {
    deletionRequestStatus(token: $token) {
      reference organization organizationName kinds status jurisdiction receivedAt dueAt daysLeft
      extensionReason outcomeReason rejectionCategory
      history { occurredAt kind status summary }
      receipt
      corrections { position field decision decisionReason }
      correctionRecipients
      retainedItems { basis description until }
      dataPackage { sha256 sizeBytes download { link expiresAt downloadsLeft } }
    }
  }
`);

/** One download of the package through its live link, counted; null for every link that does not deliver. */
export const DOWNLOAD_PRIVACY_PACKAGE = graphql(`
  mutation DownloadPrivacyPackage($statusToken: String!, $link: String!, $format: PrivacyPackageFormat!) {
    downloadPrivacyPackage(statusToken: $statusToken, link: $link, format: $format) { filename contentType content }
  }
`);

/** Both years in one request; null for an organization the API does not know. */
export const DELETION_REQUEST_METRICS = graphql(`
  query DeletionRequestMetrics($organization: String!, $thisYear: Int!, $lastYear: Int!) {
    thisYear: deletionRequestMetrics(organization: $organization, year: $thisYear) {
      organization year received completed rejected cancelled expired open
      rejectedByCategory { category count } medianDaysToClose p90DaysToClose closedOnTimeShare
    }
    lastYear: deletionRequestMetrics(organization: $organization, year: $lastYear) {
      organization year received completed rejected cancelled expired open
      rejectedByCategory { category count } medianDaysToClose p90DaysToClose closedOnTimeShare
    }
  }
`);

/** The same years per kind and per CCPA category: the transparency page's second table. */
export const PRIVACY_REQUEST_KIND_METRICS = graphql(`
  query PrivacyRequestKindMetrics($organization: String!, $thisYear: Int!, $lastYear: Int!) {
    thisYear: deletionRequestMetrics(organization: $organization, year: $thisYear) {
      byKind { kind figures { received completed rejected open medianDaysToClose } }
      byCcpaCategory { category figures { received completed rejected open medianDaysToClose } }
    }
    lastYear: deletionRequestMetrics(organization: $organization, year: $lastYear) {
      byKind { kind figures { received completed rejected open medianDaysToClose } }
      byCcpaCategory { category figures { received completed rejected open medianDaysToClose } }
    }
  }
`);

/** The organization a live page is about, as the database knows it now; null when there is none. */
export const PAGE_ORGANIZATION = graphql(`
  query PageOrganization($slug: String!) {
    organization(slug: $slug) { slug name }
  }
`);

/** The public retention schedule of /<org>/retention/; null for an organization the API does not know. */
export const RETENTION_SCHEDULE = graphql(`
  query RetentionSchedule($organization: String!) {
    retentionSchedule(organization: $organization) {
      organization organizationName at
      entries {
        category description period periodDescription justification trigger action legalBasis version since
        enforcement { enforced rule note }
      }
    }
  }
`);

export type SubmitDeletionRequestData = ResultOf<typeof SUBMIT_DELETION_REQUEST>;
export type SubmitPrivacyRequestData = ResultOf<typeof SUBMIT_PRIVACY_REQUEST>;
export type VerifyDeletionRequestData = ResultOf<typeof VERIFY_DELETION_REQUEST>;
export type DeletionRequestStatusData = ResultOf<typeof DELETION_REQUEST_STATUS>;
export type DeletionRequestMetricsData = ResultOf<typeof DELETION_REQUEST_METRICS>;
export type PrivacyRequestKindMetricsData = ResultOf<typeof PRIVACY_REQUEST_KIND_METRICS>;
export type PageOrganizationData = ResultOf<typeof PAGE_ORGANIZATION>;
export type RetentionScheduleData = ResultOf<typeof RETENTION_SCHEDULE>;
