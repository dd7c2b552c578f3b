// Serves the built portal. sirv does the file serving (ranges, ETags,
// content types, no path traversal); this file adds the 404 page.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => void;

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
  const serve = sirv(distDir, {
    dev: false,
    etag: true,
    extensions: ['html'],
    maxAge: 60,
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
  return (request, response) =>
    serve(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(notFoundPage);
    });
}
