import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLContext } from './context.ts';

// Lists that nest (organizations → policies → versions) load through
// request-scoped DataLoaders in the domain services, not in the schema, so
// the services stay the only path to the repositories.

/**
 * Every field declares who may read it. `public` is anyone, signed in or
 * not; roles and token scopes join it as the product grows.
 */
export interface AuthScopes {
  public: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: async () => ({ public: true }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: { authScopes: { public: true } },
    nodesQueryOptions: false,
    pageInfoTypeOptions: { authScopes: { public: true } },
  },
  // Typed errors for mutations: a mutation lists the errors it can return.
  errors: { defaultTypes: [] },
});

builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
