import type { Permission } from '@governance/policies/vocabulary/access';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver } from 'graphql-scalars';
import { awaitsSecondFactor, can } from '../auth/principal.ts';
import { SECOND_FACTOR_REQUIRED } from '../auth/second-factor-errors.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { GraphQLContext } from './context.ts';

// Lists that nest (organizations → policies → versions) load through
// request-scoped DataLoaders in the domain services, not in the schema, so
// the services stay the only path to the repositories.

/**
 * Every field declares who may use it (a test walks the schema and fails on
 * a field without a rule). The services check again: tenant scoping never
 * depends on the schema alone.
 */
export interface AuthScopes {
  /** Anyone, signed in or not: published policies. */
  public: boolean;
  /** A staff user with a session (not an API token). */
  signedIn: boolean;
  siteAdmin: boolean;
  /** A permission in one organization; null (an unknown organization) is always refused. */
  permission: { organizationId: string | null; permission: Permission };
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
    authScopes: async (context) => ({
      public: true,
      signedIn: context.principal.kind === 'user',
      siteAdmin: context.principal.kind === 'user' && context.principal.isSiteAdmin,
      permission: ({ organizationId, permission }) => {
        const allowed = organizationId !== null && can(context.principal, organizationId, permission);
        if (!allowed) context.denials.push({ organizationId, attempted: permission });
        return allowed;
      },
    }),
    unauthorizedError: (_parent, context) => {
      if (context.principal.kind === 'anonymous') return new DomainError('UNAUTHENTICATED', 'Sign in, or send an API token, to do this.');
      if (context.denials.some((denial) => awaitsSecondFactor(context.principal, denial.organizationId))) return SECOND_FACTOR_REQUIRED();
      return new DomainError('FORBIDDEN', 'You are not allowed to do this.');
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: { authScopes: { public: true } },
    nodesQueryOptions: false,
    pageInfoTypeOptions: { authScopes: { public: true } },
    // Connection and edge wrappers hold nothing but items; the field that
    // returns the connection and the items' own types carry the rules.
    defaultConnectionTypeOptions: { authScopes: { public: true } },
    defaultEdgeTypeOptions: { authScopes: { public: true } },
  },
  // Typed errors for mutations: a mutation lists the errors it can return.
  // The success wrapper only holds the data; the mutation carries the rule.
  errors: { defaultTypes: [], defaultResultOptions: { authScopes: { public: true } } },
});

builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
builder.mutationType({});
