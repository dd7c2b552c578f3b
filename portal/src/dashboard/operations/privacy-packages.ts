import { graphql } from '../graphql.ts';

export const PackageFields = graphql(`
  fragment DashboardPrivacyPackage on DeletionRequest {
    id
    reference
    kinds
    status
    dataPackage {
      sha256
      sizeBytes
      sealedAt
      erasedAt
      identityProofRequired
      identityProvedAt
      identityProofMethod
      link { issuedAt expiresAt maxDownloads downloads state }
    }
  }
`);

export const PrivacyPackageQuery = graphql(
  `
  query DashboardPrivacyPackageOfRequest($id: ID!) {
    deletionRequest(id: $id) { ...DashboardPrivacyPackage }
  }
`,
  [PackageFields],
);

export const SealPackageMutation = graphql(
  `
  mutation DashboardSealPrivacyPackage($id: ID!, $items: [PrivacyPackageItemInput!]!) {
    sealPrivacyPackage(id: $id, items: $items) {
      __typename ... on InputError { code field message } ... on MutationSealPrivacyPackageSuccess { data { ...DashboardPrivacyPackage } }
    }
  }
`,
  [PackageFields],
);

export const RecordIdentityProofMutation = graphql(
  `
  mutation DashboardRecordPrivacyPackageIdentityProof($id: ID!, $method: String!) {
    recordPrivacyPackageIdentityProof(id: $id, method: $method) {
      __typename ... on InputError { code field message } ... on MutationRecordPrivacyPackageIdentityProofSuccess { data { ...DashboardPrivacyPackage } }
    }
  }
`,
  [PackageFields],
);

export const RevokePackageLinkMutation = graphql(
  `
  mutation DashboardRevokePrivacyPackageLink($id: ID!) {
    revokePrivacyPackageLink(id: $id) {
      __typename ... on InputError { code field message } ... on MutationRevokePrivacyPackageLinkSuccess { data { ...DashboardPrivacyPackage } }
    }
  }
`,
  [PackageFields],
);

export const ReissuePackageLinkMutation = graphql(
  `
  mutation DashboardReissuePrivacyPackageLink($id: ID!) {
    reissuePrivacyPackageLink(id: $id) {
      __typename ... on InputError { code field message } ... on MutationReissuePrivacyPackageLinkSuccess { data { ...DashboardPrivacyPackage } }
    }
  }
`,
  [PackageFields],
);
