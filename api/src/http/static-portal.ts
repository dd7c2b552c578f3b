// Serves the built portal. sirv does the file serving (ranges, ETags,
// content types, no path traversal); this file adds the 404 page.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function createStaticPortal(distDir: string): StaticHandler {
  // The build writes .br and .gz beside each text file (portal/src/integrations/precompress.ts).
  const serve = sirv(distDir, { dev: false, etag: true, extensions: ['html'], maxAge: 60, brotli: true, gzip: true });
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
