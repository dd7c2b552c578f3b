// Anonymous public reads of /graphql answered ahead of Yoga from the bytes
// Yoga sent for the same request before (public-read-cache.ts keeps them).
//
// A request is a candidate only when nothing about it but its text can
// change the answer or whether Yoga accepts it: no Cookie and no
// Authorization (nothing tied to a person or token is ever kept or served
// from here); a GET carrying a CSRF header or a POST of application/json (the
// requests useCSRFPrevention lets through); a plain JSON Accept; and only
// `query`, `variables` and `operationName` (no extensions, no persisted
// document ids, which would run a document other than the one checked). The
// key is the request's method, Accept, Content-Type, its whole URL (query
// string included) and body, so a hit is a request identical to one Yoga answered.
// Only answers Yoga gave with status 200, JSON and no errors, to documents
// whose every field is a listed public read (public-read-fields.ts), are kept.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@governance/db';
import type { AppServices } from '../graphql/context.ts';
import { nextPolicyInstant } from '../policies/policies.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { matchesIfNoneMatch } from './if-none-match.ts';
import {
  DEFAULT_PUBLIC_READ_MAX_AGE_SECONDS,
  etagOf,
  type PublicReadAnswer,
  PublicReadCache,
  type PublicReadCacheOptions,
} from './public-read-cache.ts';
import { isPublicReadDocument } from './public-read-fields.ts';
import { CSRF_REQUEST_HEADERS, type GovernanceYoga } from './yoga.ts';

export interface PublicReadSettings extends PublicReadCacheOptions {
  /** The longest a browser or CDN may reuse a GET answer without asking again (PUBLIC_READ_MAX_AGE_SECONDS); default 60. */
  maxAgeSeconds?: number;
}

interface PublicReadDeps {
  cache: PublicReadCache;
  db: Db;
  clock: Clock;
  logger: Logger;
  maxAgeSeconds: number;
}

export interface PublicReads {
  /** Answers a public read, from the cache or through Yoga; false when the request is none, for the caller to hand to Yoga. */
  serve(request: IncomingMessage, response: ServerResponse, body: Buffer | undefined): Promise<boolean>;
}

/** Longer Accept or Content-Type headers than any client sends are not worth a key. */
const MAX_HEADER_IN_KEY = 256;
const PARAMETERS = new Set(['query', 'variables', 'operationName']);
/** Answers Yoga streams (subscriptions, incremental delivery) or pages (GraphiQL) are never candidates. */
const STREAMING_OR_PAGE = /text\/event-stream|multipart\/mixed|text\/html/i;
const JSON_ANSWER = /^application\/(graphql-response\+)?json\b/i;

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** The cache key of a candidate request; null for any other. */
export function publicReadKey(request: IncomingMessage, body: Buffer | undefined): string | null {
  const { headers } = request;
  if (headers.cookie !== undefined || headers.authorization !== undefined) return null;
  const accept = headers.accept ?? '';
  if (accept.length > MAX_HEADER_IN_KEY || STREAMING_OR_PAGE.test(accept)) return null;
  if (request.method === 'GET') {
    if (!CSRF_REQUEST_HEADERS.some((name) => headers[name] !== undefined)) return null;
    return `GET\n${accept}\n${request.url}`;
  }
  if (request.method === 'POST' && body) {
    const contentType = headers['content-type'] ?? '';
    if (contentType.length > MAX_HEADER_IN_KEY || mediaTypeOf(contentType) !== 'application/json') return null;
    return `POST\n${accept}\n${contentType}\n${request.url}\n${body.toString('utf8')}`;
  }
  return null;
}

/** The document of a candidate request, or null when it sends anything but query, variables and operationName. */
function documentOf(request: IncomingMessage, body: Buffer | undefined): string | null {
  if (request.method === 'GET') {
    const parameters = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const names = [...parameters.keys()];
    // A repeated parameter might be read differently by Yoga than here: the checked document must be the one run.
    if (names.some((name) => !PARAMETERS.has(name)) || new Set(names).size !== names.length) return null;
    return parameters.get('query');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  if (Object.keys(parsed).some((name) => !PARAMETERS.has(name))) return null;
  const query = (parsed as { query?: unknown }).query;
  return typeof query === 'string' ? query : null;
}

/** Whether Yoga's answer may be kept: a plain success, with nothing tied to the request. */
function isKeepable(answer: Response, body: Buffer): boolean {
  if (answer.status !== 200 || !JSON_ANSWER.test(answer.headers.get('content-type') ?? '')) return false;
  if (answer.headers.has('set-cookie')) return false;
  try {
    const result = JSON.parse(body.toString('utf8')) as { data?: unknown; errors?: unknown };
    return result.errors === undefined && typeof result.data === 'object' && result.data !== null;
  } catch {
    return false;
  }
}

function withVaryAccept(response: ServerResponse): string {
  const existing = response.getHeader('vary');
  return existing ? `${existing}, Accept` : 'Accept';
}

/** A server's public reads, over its own cache; none when turned off. */
export function publicReadsOf(
  yoga: GovernanceYoga,
  services: AppServices,
  settings: PublicReadSettings | false = {},
): PublicReads | undefined {
  if (settings === false) return undefined;
  return createPublicReads(yoga, {
    cache: new PublicReadCache(services.policyCatalog, services.clock, settings),
    db: services.db,
    clock: services.clock,
    logger: services.logger,
    maxAgeSeconds: settings.maxAgeSeconds ?? DEFAULT_PUBLIC_READ_MAX_AGE_SECONDS,
  });
}

function createPublicReads(yoga: GovernanceYoga, settings: PublicReadDeps): PublicReads {
  const { cache, clock, logger } = settings;

  /**
   * GET answers may be reused by browsers and CDNs until the next policy
   * instant, but at most maxAgeSeconds: a sync can change them at any time,
   * and ETag revalidation keeps a short life cheap. POST answers are never
   * reusable by HTTP caches, so they say so.
   */
  function cacheControlOf(request: IncomingMessage, answer: PublicReadAnswer): string {
    if (request.method !== 'GET') return 'no-store';
    const untilChange = answer.changesAt
      ? Math.floor((answer.changesAt.getTime() - clock.now().getTime()) / 1000)
      : Number.POSITIVE_INFINITY;
    return `public, max-age=${Math.max(0, Math.min(settings.maxAgeSeconds, untilChange))}`;
  }

  function send(request: IncomingMessage, response: ServerResponse, answer: PublicReadAnswer): void {
    const headers: Record<string, string | number> = { 'cache-control': cacheControlOf(request, answer), vary: withVaryAccept(response) };
    if (request.method === 'GET') {
      headers.etag = answer.etag;
      if (matchesIfNoneMatch(request.headers['if-none-match'], answer.etag)) {
        response.writeHead(304, headers);
        response.end();
        return;
      }
    }
    response.writeHead(200, { ...headers, 'content-type': answer.contentType, 'content-length': answer.body.length });
    response.end(answer.body);
  }

  /** An answer not kept goes out as Yoga made it, and no cache may keep it either. */
  function sendAsMade(response: ServerResponse, answer: Response, body: Buffer): void {
    for (const [name, value] of answer.headers) if (name !== 'set-cookie') response.setHeader(name, value);
    const cookies = answer.headers.getSetCookie();
    if (cookies.length > 0) response.setHeader('set-cookie', cookies);
    response.setHeader('cache-control', 'no-store');
    response.setHeader('content-length', body.length);
    response.writeHead(answer.status);
    response.end(body);
  }

  return {
    async serve(request, response, body) {
      const key = publicReadKey(request, body);
      if (key === null) return false;
      const kept = cache.get(key);
      if (kept) {
        send(request, response, kept);
        return true;
      }
      const document = documentOf(request, body);
      if (document === null || !isPublicReadDocument(document)) return false;
      const generation = cache.currentGeneration;
      const madeAt = clock.now();
      const answer = await yoga.handleNodeRequestAndResponse(request, response, { req: request });
      const answerBody = Buffer.from(await answer.arrayBuffer());
      if (!isKeepable(answer, answerBody)) {
        sendAsMade(response, answer, answerBody);
        return true;
      }
      let changesAt: Date | null;
      try {
        changesAt = await nextPolicyInstant(settings.db, madeAt);
      } catch (error) {
        logger.warn({ reason: (error as Error).message }, 'could not read the next policy instant; answering without keeping the answer');
        sendAsMade(response, answer, answerBody);
        return true;
      }
      const made: PublicReadAnswer = {
        body: answerBody,
        contentType: answer.headers.get('content-type') ?? 'application/json; charset=utf-8',
        etag: etagOf(answerBody),
        changesAt,
      };
      cache.set(key, made, generation, madeAt);
      send(request, response, made);
      return true;
    },
  };
}
