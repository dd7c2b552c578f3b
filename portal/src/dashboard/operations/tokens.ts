import { graphql } from '../graphql.ts';

export const ApiTokenFields = graphql(`
  fragment DashboardApiToken on ApiToken {
    id
    name
    prefix
    scopes
    createdAt
    expiresAt
    revokedAt
    lastUsedAt
  }
`);

export const ApiTokensQuery = graphql(
  `
  query DashboardApiTokens($organization: String!) {
    apiTokens(organization: $organization) { ...DashboardApiToken }
  }
`,
  [ApiTokenFields],
);

export const CreateApiTokenMutation = graphql(
  `
  mutation DashboardCreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret token { ...DashboardApiToken } }
  }
`,
  [ApiTokenFields],
);

export const RevokeApiTokenMutation = graphql(
  `
  mutation DashboardRevokeApiToken($organization: String!, $id: ID!) {
    revokeApiToken(organization: $organization, id: $id) { ...DashboardApiToken }
  }
`,
  [ApiTokenFields],
);
