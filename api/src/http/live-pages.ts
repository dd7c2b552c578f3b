// The portal's live pages: the few whose content is live data (the
// requester's pages, the retention schedule, transparency) are Astro pages
// with `prerender = false`, built with the rest of the portal into
// `<dist>/.server/` by the Node adapter in middleware mode. The static
// handler hands every request to them first (static-portal.ts); a path no
// live page matches goes on to the files.
//
// A page reaches live data only through the public GraphQL API, run in this
// process with the page's typed document (portal/src/lib/live/locals.ts): the
// same fields, authorization and rate limits as a browser calling /graphql,
// without a cookie, so always as the public.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import { type DocumentNode, print } from 'graphql';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { cameOverHttps, type ProxySettings } from './trusted-proxy.ts';
import type { GovernanceYoga } from './yoga.ts';

/** Where the build puts the server part (portal/astro.config.ts `build.server`). */
export const LIVE_PAGES_ENTRY = path.join('.server', 'entry.mjs');

/** What every live page gets as `Astro.locals` (App.Locals of the portal). */
export interface LivePageLocals {
  graphql: (document: DocumentNode, variables: unknown) => Promise<unknown>;
  now: Date;
  /** Whether the visitor reached the site over https (directly or through a trusted proxy): the page's cookies are Secure then. */
  overHttps: boolean;
  formRefusal?: FormRefusal;
}

type AstroMiddleware = (request: IncomingMessage, response: ServerResponse, next: () => void, locals: object) => void | Promise<void>;

/** Renders a live page, or calls `next` when no live page has this path. */
export type LivePages = (request: IncomingMessage, response: ServerResponse, locals: LivePageLocals, next: () => void) => void;

/** The server part of the build in `distDir`, imported once, now; a build without one has no live pages. */
export function loadLivePages(distDir: string): LivePages {
  const entry = path.join(distDir, LIVE_PAGES_ENTRY);
  if (!existsSync(entry)) return (_request, _response, _locals, next) => next();
  const handler = import(pathToFileURL(entry).href).then((module: { handler: AstroMiddleware }) => module.handler);
  // Reported to the request that needs it; not an unhandled rejection meanwhile.
  handler.catch(() => undefined);
  return (request, response, locals, next) => {
    handler.then(
      (render) => render(request, response, next, locals),
      (error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
}

export interface LivePageServices extends ProxySettings {
  clock: Clock;
  logger: Logger;
}

/** Request headers the API reads for rate limits and the audit trail, passed on as the browser sent them. */
const FORWARDED_HEADERS = ['user-agent', 'x-forwarded-for', 'x-request-id'];

/** The pages' documents are module constants: each is printed once, not on every render. */
const printed = new WeakMap<DocumentNode, string>();
function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * The locals of one request: GraphQL runs through Yoga in-process, with the
 * original request as the server context (its socket's address counts for
 * the rate limits) and no cookie or token (a page acts as the public).
 */
export function livePageLocals(
  yoga: GovernanceYoga,
  services: LivePageServices,
  request: IncomingMessage,
  formRefusal?: FormRefusal,
): LivePageLocals {
  return {
    now: services.clock.now(),
    overHttps: cameOverHttps(request.headers, (request.socket as { encrypted?: boolean }).encrypted === true, services),
    ...(formRefusal ? { formRefusal } : {}),
    async graphql(document, variables) {
      const headers = new Headers({ 'content-type': 'application/json', accept: 'application/graphql-response+json' });
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const answer = await yoga.fetch(
        'http://localhost/graphql',
        { method: 'POST', headers, body: JSON.stringify({ query: queryText(document), variables }) },
        { req: request },
      );
      return answer.json();
    },
  };
}
