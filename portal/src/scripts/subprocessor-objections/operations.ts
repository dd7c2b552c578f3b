// The GraphQL documents of the objection pages, typed by gql.tada against
// api/schema.graphql: the live pages run them in the server, the tests
// import the same documents.
import { graphql } from '../../dashboard/graphql.ts';

/** The list version objected to: what the form tells the person about it. */
export const OBJECTION_LIST = graphql(`
  query ObjectionList($slug: String!, $version: String!) {
    organization(slug: $slug) {
      subprocessorList(version: $version) { version summary announcedAt effectiveAt }
      upcomingSubprocessorList { version summary announcedAt effectiveAt }
    }
  }
`);

export const OBJECT_TO_SUBPROCESSOR_CHANGE = graphql(`
  mutation ObjectToSubprocessorChange($input: ObjectToSubprocessorChangeInput!) {
    objectToSubprocessorChange(input: $input) {
      __typename
      ... on MutationObjectToSubprocessorChangeSuccess { data { version effectiveAt } }
      ... on InputError { code field message }
    }
  }
`);

export const VERIFY_SUBPROCESSOR_OBJECTION = graphql(`
  mutation VerifySubprocessorObjection($token: String!) {
    verifySubprocessorObjection(token: $token) {
      __typename
      ... on MutationVerifySubprocessorObjectionSuccess { data { version effectiveAt organizationName } }
      ... on InputError { code field message }
    }
  }
`);
