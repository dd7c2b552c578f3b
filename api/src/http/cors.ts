// Cross-origin access. By default the site grants none: no endpoint sends
// Access-Control-* headers (but the public checkpoint documents, see
// well-known.ts), and no preflight is approved, so a page of another origin
// can neither read an answer nor send a JSON or header-carrying request.
//
// CORS_ALLOWED_ORIGINS may name origins whose pages call the API with a
// token: on /graphql and /audit/export those origins get
// Access-Control-Allow-Origin, never Access-Control-Allow-Credentials, so a
// browser sends them no cookie. And a cookie never authenticates a request
// from another origin anyway (the server drops it): the session cookie is
// for the dashboard of this site alone.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type ProxySettings, requestedHost } from './trusted-proxy.ts';
import { CSRF_HEADER } from './yoga.ts';

export interface SiteAddress extends ProxySettings {
  /** The portal's public origin (PUBLIC_SITE_URL). */
  publicUrl: string;
}

/** Whether an Origin header names this site: its public address, or the host the request was sent to. */
export function isOwnOrigin(origin: string, headers: IncomingHttpHeaders, site: SiteAddress): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // "null" (sandboxed or privacy-stripped pages) and anything unparsable.
    return false;
  }
  if (parsed.origin === new URL(site.publicUrl).origin) return true;
  return parsed.host === requestedHost(headers, site);
}

/**
 * Whether a browser sent this request from a page of another origin: it says
 * so in Sec-Fetch-Site, or its Origin is not this site. A request without
 * either comes from no web page (curl, scripts) or from a same-origin GET.
 */
export function fromAnotherOrigin(request: IncomingMessage, site: SiteAddress): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  const origin = request.headers.origin;
  return origin !== undefined && !isOwnOrigin(origin, request.headers, site);
}

/** What a page of an allowed origin may send: a token, JSON, the CSRF header of GET requests and a request id. */
const ALLOWED_HEADERS = ['authorization', 'content-type', CSRF_HEADER, 'x-request-id'].join(', ');
const ALLOWED_METHODS = 'GET, POST';
/** Browsers cap this anyway (Chromium: 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * The CORS headers of a response from an endpoint open to token requests:
 * the origin itself when it is on the allow-list, else none. Never
 * Access-Control-Allow-Credentials.
 */
export function corsHeaders(origin: string | undefined, allowedOrigins: ReadonlySet<string>): Record<string, string> {
  if (allowedOrigins.size === 0) return {};
  // Caches must not hand one origin's answer to another.
  const vary = { vary: 'Origin' };
  return origin !== undefined && allowedOrigins.has(origin) ? { ...vary, 'access-control-allow-origin': origin } : vary;
}

/**
 * Answers OPTIONS. A preflight from an allowed origin to an endpoint open to
 * token requests is approved (204 with the CORS headers); any other preflight
 * is refused (403, no Access-Control-* header). An OPTIONS that is no
 * preflight learns the methods.
 */
export function answerOptions(request: IncomingMessage, response: ServerResponse, allowedOrigins: ReadonlySet<string>): void {
  const origin = request.headers.origin;
  const isPreflight = origin !== undefined && request.headers['access-control-request-method'] !== undefined;
  if (!isPreflight) {
    response.writeHead(204, { allow: 'GET, HEAD, POST' });
    response.end();
    return;
  }
  const granted = corsHeaders(origin, allowedOrigins);
  if (!granted['access-control-allow-origin']) {
    response.writeHead(403, { ...granted, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end('Cross-origin requests are not allowed here.\n');
    return;
  }
  response.writeHead(204, {
    ...granted,
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
  });
  response.end();
}
