// Serves the built portal: its live pages (live-pages.ts), rendered on
// request, then its files. sirv does the file serving (ranges, content
// types, precompressed files, no path traversal, no dot-folders such as the
// server part `.server/`); this file adds the cache headers and content ETags
// (portal-cache.ts) and the 404 page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { matchesIfNoneMatch } from './if-none-match.ts';
import { type LivePageLocals, loadLivePages } from './live-pages.ts';
import { cacheControlOf, createContentEtags, isRequesterPage, livePageCacheControlOf } from './portal-cache.ts';

/** Without locals (no API to read live data from), only the files are served. */
export type StaticHandler = (request: IncomingMessage, response: ServerResponse, locals?: LivePageLocals) => void;

/**
 * Media types sirv's table gets wrong for what the portal publishes: `body.md` without a charset
 * (browsers then guess, and show "LeanDNAâ€™s"), and feeds as plain XML or JSON.
 */
const MEDIA_TYPES: readonly (readonly [suffix: string, type: string])[] = [
  ['.md', 'text/markdown; charset=utf-8'],
  ['/feed.xml', 'application/atom+xml; charset=utf-8'],
  ['/feed.json', 'application/feed+json; charset=utf-8'],
];

export function mediaTypeOf(pathname: string): string | undefined {
  return MEDIA_TYPES.find(([suffix]) => pathname.endsWith(suffix))?.[1];
}

export function createStaticPortal(distDir: string): StaticHandler {
  // The build writes .br and .gz beside each text file (portal/src/integrations/precompress.ts);
  // sirv types a compressed file by its original's name, and so does setHeaders.
  // sirv's own ETag and Cache-Control are off: both are set below, per file.
  const serve = sirv(distDir, {
    dev: false,
    etag: false,
    extensions: ['html'],
    brotli: true,
    gzip: true,
    setHeaders: (response, pathname) => {
      const type = mediaTypeOf(pathname);
      if (type) response.setHeader('content-type', type);
    },
  });
  const notFoundFile = path.join(distDir, '404.html');
  const notFoundPage = existsSync(notFoundFile)
    ? readFileSync(notFoundFile)
    : Buffer.from('<!doctype html><title>Not found</title><h1>Not found</h1>');
  const fileOf = createFileIndex(distDir);
  const etagOf = createContentEtags();
  const livePages = loadLivePages(distDir);
  const serveFile: StaticHandler = (request, response) => {
    const answerNotFound = () => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(notFoundPage);
    };
    const pathname = requestPathname(request.url);
    const file = fileOf(pathname);
    if (!file) return serve(request, response, answerNotFound);
    etagOf(file).then(
      (etag) => {
        response.setHeader('cache-control', cacheControlOf(pathname));
        response.setHeader('etag', etag);
        const readOnly = request.method === 'GET' || request.method === 'HEAD';
        if (readOnly && matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
          response.setHeader('vary', 'Accept-Encoding');
          response.writeHead(304);
          response.end();
          return;
        }
        serve(request, response, answerNotFound);
      },
      // The build was replaced under this handler: answer as sirv can, without a validator.
      () => serve(request, response, answerNotFound),
    );
  };
  return (request, response, locals) => {
    // A live page has no file: a path that has one (nearly every request) never reaches Astro.
    if (!locals || fileOf(requestPathname(request.url))) return serveFile(request, response);
    response.setHeader('cache-control', livePageCacheControlOf(requestPathname(request.url)));
    // A link followed from a requester page tells no other site where it came from. Not no-referrer: with it,
    // browsers send `Origin: null` on the pages' own form posts, which the cross-site check must refuse.
    if (isRequesterPage(requestPathname(request.url))) response.setHeader('referrer-policy', 'same-origin');
    request.url = withLiteralBadEscapes(request.url ?? '/');
    livePages(request, response, locals, () => {
      // No live page here: the file's own headers apply.
      response.removeHeader('cache-control');
      serveFile(request, response);
    });
  };
}

/**
 * A path whose escapes are not valid UTF-8 (`/%E0%A4%A/…`, typed or forged)
 * names nothing a live page knows; Astro would log it as a server error. Its
 * `%` signs are taken literally instead, so the page answers 404 for an
 * organization of that odd name.
 */
function withLiteralBadEscapes(url: string): string {
  const [pathname = '/', ...rest] = url.split(/(?=[?#])/);
  try {
    decodeURI(pathname);
    return url;
  } catch {
    return [pathname.replaceAll('%', '%25'), ...rest].join('');
  }
}

/** The request's path as sirv reads it: before any query, percent-decoded when valid. */
function requestPathname(url: string | undefined): string {
  const pathname = (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  if (!pathname.includes('%')) return pathname;
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/**
 * Which file sirv answers a path with (its own lookup, without compressed
 * variants): `/a/` and `/a` → `a`, `a/index`, `a.html`, `a/index.html`. The
 * files are listed once, as sirv lists them, skipping dot-files.
 */
function createFileIndex(distDir: string): (pathname: string) => string | undefined {
  const files = new Set<string>();
  if (existsSync(distDir)) {
    for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
      const relative = path.relative(distDir, path.join(entry.parentPath, entry.name));
      if (entry.isFile() && !relative.split(path.sep).some((segment) => segment.startsWith('.'))) {
        files.add(`/${relative.split(path.sep).join('/')}`);
      }
    }
  }
  return (pathname) => {
    const base = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const candidates = [base, `${base}/index`, `${base}.html`, `${base}/index.html`].filter((candidate) => candidate !== '');
    const found = candidates.find((candidate) => files.has(candidate));
    return found === undefined ? undefined : path.join(distDir, found);
  };
}
