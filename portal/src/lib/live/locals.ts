// What the API server hands every page it renders on request (the pages
// with `export const prerender = false`; api/src/http/live-pages.ts builds
// it). The pages read live data only through `graphql`: the public API, run
// in the same process with a typed document, as a browser would call it. They
// never import the API's code.
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import type { TadaDocumentNode } from 'gql.tada';

/** A GraphQL answer as the API sends it: data, or errors with a code in `extensions`. */
export interface GraphQLAnswer<Data> {
  data?: Data | null;
  errors?: readonly { message: string; extensions?: { code?: unknown } }[];
}

export type RunGraphQL = <Data, Variables>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
) => Promise<GraphQLAnswer<Data>>;

export interface LivePageLocals {
  graphql: RunGraphQL;
  /** The server's clock (pinned in tests): the idempotency key's day, this year's figures. */
  now: Date;
  /** Whether the visitor reached the site over https: the status cookie is Secure then. */
  overHttps: boolean;
  formRefusal?: FormRefusal;
}

/** The data of an answer without errors; anything else is a failure the page cannot show. */
export async function dataOf<Data, Variables>(
  locals: LivePageLocals,
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  // `astro dev` alone has no API behind it: say so instead of failing on `undefined`.
  if (typeof locals.graphql !== 'function') throw new Error('This page shows live data: open it through the API server (pnpm start).');
  const answer = await locals.graphql(document, variables);
  const [first] = answer.errors ?? [];
  if (first || answer.data == null) throw new Error(`GraphQL answered with an error: ${first?.message ?? 'no data'}`);
  return answer.data;
}
