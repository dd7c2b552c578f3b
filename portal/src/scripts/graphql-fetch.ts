// The public pages' one way to reach /graphql from the browser. A JSON POST
// with the CSRF header the API asks of browsers (api/src/http/yoga.ts), and
// without credentials: a signed-in staff member's session cookie must never
// ride along on a request made by a public page. It sends the typed
// documents of ./privacy-request/operations.ts, so the answer's type comes
// from the document and the schema, never from a hand-written interface.
import { stringifyDocument } from '@urql/core';
import type { TadaDocumentNode } from 'gql.tada';

export const GRAPHQL_ENDPOINT = '/graphql';

/** The request did not get an answer the page can use (network, server error, GraphQL error). */
export class GraphQLRequestError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
  }
}

const UNREACHABLE = 'We could not reach the server. Check your connection and try again.';

export interface GraphQLFetchOptions {
  /** Where /graphql is; tests outside a browser pass an absolute URL. */
  endpoint?: string;
  signal?: AbortSignal;
}

export async function graphqlFetch<Data, Variables>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
  options: GraphQLFetchOptions = {},
): Promise<Data> {
  const query = stringifyDocument(document);
  let response: Response;
  try {
    response = await fetch(options.endpoint ?? GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-graphql-csrf': '1' },
      body: JSON.stringify({ query, variables }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new GraphQLRequestError('NETWORK_ERROR', UNREACHABLE);
  }
  let body: { data?: Data | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError('BAD_RESPONSE', `The server answered with status ${response.status}. Try again in a moment.`);
  }
  const [first] = body.errors ?? [];
  if (first) throw new GraphQLRequestError(first.extensions?.code ?? 'GRAPHQL_ERROR', first.message);
  if (!response.ok || body.data == null) {
    throw new GraphQLRequestError('BAD_RESPONSE', `The server answered with status ${response.status}. Try again in a moment.`);
  }
  return body.data;
}
