// Typed GraphQL documents for the dashboard: gql.tada reads the types of
// api/schema.graphql (graphql-env.d.ts, written by the portal's typecheck)
// and types each operation's result and variables from its text.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // DateTime travels as an ISO 8601 string.
  scalars: { DateTime: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
