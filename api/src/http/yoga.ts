import { randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { type AppServices, createContext, type GraphQLContext } from '../graphql/context.ts';
import { createErrorMasker, useErrorCodes } from '../graphql/errors.ts';
import { schema } from '../graphql/schema.ts';

export const GRAPHQL_PATH = '/graphql';

/** Header a browser cannot send cross-site without a CORS preflight, which we never grant. */
export const CSRF_HEADER = 'x-graphql-csrf';

export interface YogaOptions {
  /** GraphiQL at /graphql for people exploring the API; off in production. */
  graphiql: boolean;
}

export type GovernanceYoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

export function createGovernanceYoga(services: AppServices, options: YogaOptions): GovernanceYoga {
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ? { title: 'Governance portal API', headers: JSON.stringify({ [CSRF_HEADER]: '1' }) } : false,
    landingPage: false,
    logging: services.logger,
    context: ({ request }) => createContext(services, request.headers.get('x-request-id') ?? randomUUID()),
    maskedErrors: { maskError: createErrorMasker(services.logger) },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10 },
        maxAliases: { n: 15 },
        maxTokens: { n: 2000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 5000 },
      }),
      // Requests with a JSON body already need a preflight; GET and form
      // posts must carry a header a cross-site page cannot set.
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER, 'graphql-client-name'] }),
      useErrorCodes(),
    ],
  });
}
