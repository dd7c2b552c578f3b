import type { IncomingMessage, ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GRAPHQL_PATH } from '@governance/policies/vocabulary/urls';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { requestIdFrom } from '../auth/request-auth.ts';
import type { Config } from '../config.ts';
import { type AppServices, createContext, type GraphQLContext } from '../graphql/context.ts';
import { createErrorHandling, useErrorCodes } from '../graphql/errors.ts';
import { useExpensiveFieldLimit } from '../graphql/expensive-fields.ts';
import { useAuditDenials, useResponseCookies } from '../graphql/request-plugins.ts';
import { schema } from '../graphql/schema.ts';
import { loadTrustedDocuments, type TrustedDocuments, useTrustedDocuments } from '../graphql/trusted-documents.ts';
import { explorerPage } from './explorer/explorer-page.ts';
import { EXPLORER_TAB_QUERIES } from './explorer/explorer-tabs.ts';
import type { PublicReads } from './public-reads.ts';
import { kilobytes, readBodyWithin, refuseTooLarge } from './request-body.ts';
import { EXPLORER_CONTENT_SECURITY_POLICY } from './security-headers.ts';

export { GRAPHQL_PATH } from '@governance/policies/vocabulary/urls';

/**
 * Header a browser cannot send cross-site without a CORS preflight, which is
 * granted only to CORS_ALLOWED_ORIGINS, and never with cookies (cors.ts).
 */
export const CSRF_HEADER = 'x-graphql-csrf';

/** A GET /graphql, or a POST whose body a form could send, is refused unless it carries one of these. */
export const CSRF_REQUEST_HEADERS: readonly string[] = [CSRF_HEADER, 'graphql-client-name'];

export interface YogaOptions {
  /** The API explorer (GraphiQL) at GET /graphql for people exploring the API (API_EXPLORER). */
  graphiql: boolean;
  /**
   * "Did you mean …?" in validation errors: a help while developing, but in
   * production it would spell out the schema to anyone guessing at it. Default: hidden.
   */
  fieldSuggestions?: boolean;
  /** Cookie sessions may send only the dashboard's persisted documents (on in production). */
  trustedDocumentsOnly?: boolean;
  /** The persisted documents; default: api/trusted-documents.json. */
  trustedDocuments?: TrustedDocuments;
}

/**
 * How the configuration shapes /graphql. Production hides field suggestions
 * and lets cookie sessions run only the dashboard's documents; the explorer
 * is its own setting.
 */
export function yogaOptionsFrom(config: Pick<Config, 'environment' | 'apiExplorer'>): YogaOptions {
  const production = config.environment === 'production';
  return { graphiql: config.apiExplorer, fieldSuggestions: !production, trustedDocumentsOnly: production };
}

/** In the Node server, Yoga is handed the raw request (for the client's address); in tests, nothing. */
type ServerContext = { req?: IncomingMessage };

export type GovernanceYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export function createGovernanceYoga(services: AppServices, options: YogaOptions): GovernanceYoga {
  const errors = createErrorHandling(services.logger);
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ? explorerOptions(options) : false,
    renderGraphiQL: explorerPage(services.publicUrl),
    landingPage: false,
    // Yoga's default reflects any Origin with credentials; the server answers CORS itself (cors.ts).
    cors: false,
    logging: errors.yogaLogger,
    context: ({ request, req }) =>
      createContext(services, request, {
        requestId: requestIdFrom(request.headers.get('x-request-id')),
        remoteAddress: req?.socket.remoteAddress ?? null,
      }),
    maskedErrors: { maskError: errors.maskError },
    plugins: [
      EnvelopArmorPlugin({
        blockFieldSuggestion: { enabled: !(options.fieldSuggestions ?? false) },
        maxDepth: { n: 10 },
        maxAliases: { n: 15 },
        maxTokens: { n: 2000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 5000 },
      }),
      useExpensiveFieldLimit(),
      // Requests with a JSON body already need a preflight; GET and form
      // posts must carry a header a cross-site page cannot set.
      useCSRFPrevention({ requestHeaders: [...CSRF_REQUEST_HEADERS] }),
      useTrustedDocuments({
        documents: options.trustedDocuments ?? loadTrustedDocuments(),
        enforce: options.trustedDocumentsOnly ?? false,
      }),
      useErrorCodes(),
      useAuditDenials(),
      useResponseCookies(),
      useExplorerPagePolicy(),
    ],
  });
}

/** `query` is an option of Yoga's GraphiQL page that its type does not list. */
type ExplorerOptions = GraphiQLOptions & { query?: string };

function explorerOptions(options: YogaOptions): ExplorerOptions {
  const headers = JSON.stringify({ [CSRF_HEADER]: '1' });
  return {
    title: 'Governance portal API',
    headers,
    defaultTabs: EXPLORER_TAB_QUERIES.map((query) => ({ query, headers })),
    // Yoga's GraphiQL fills the open tab from `query` (else with its welcome text), so it opens on the first tab's.
    query: EXPLORER_TAB_QUERIES[0],
    // Where cookie sessions may run only the dashboard's documents, the
    // explorer sends no cookie: a signed-in person still explores as the
    // public (or with an API token in the headers) instead of being refused.
    credentials: options.trustedDocumentsOnly ? 'omit' : 'same-origin',
  };
}

/** Yoga answers with HTML only for the explorer's page, which gets its own Content-Security-Policy. */
function useExplorerPagePolicy(): Plugin {
  return {
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-type', 'text/html; charset=utf-8');
      response.headers.set('content-security-policy', EXPLORER_CONTENT_SECURITY_POLICY);
    },
  };
}

/**
 * /graphql over Node: a body larger than `bodyLimit` is refused with 413
 * before Yoga sees it; a smaller one is read whole and handed to Yoga, which
 * takes a pre-read body from `request.body` (as from body-parsing servers).
 * Public reads are answered by `publicReads` when given (public-reads.ts);
 * every other answer is personal or one-off, so no cache may keep it.
 */
export async function serveGraphQL(
  yoga: GovernanceYoga,
  request: IncomingMessage,
  response: ServerResponse,
  bodyLimit: number,
  publicReads?: PublicReads,
) {
  let body: Buffer | undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const read = await readBodyWithin(request, bodyLimit);
    if (read === null) {
      const message = `The request body is larger than ${kilobytes(bodyLimit)}, the most /graphql accepts.`;
      return refuseTooLarge(
        response,
        { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        JSON.stringify({ errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }),
      );
    }
    body = read;
    (request as IncomingMessage & { body?: Buffer }).body = body;
  }
  if (publicReads && (await publicReads.serve(request, response, body))) return;
  response.setHeader('cache-control', 'no-store');
  await yoga(request, response);
}
