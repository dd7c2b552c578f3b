// Runs for the pages rendered on request (lib/live/locals.ts): Astro types
// their HTML as `text/html`; the server names the charset on every page, as
// the static files are served, so no browser has to guess it.
import { defineMiddleware } from 'astro:middleware';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (response.headers.get('content-type') === 'text/html') response.headers.set('content-type', 'text/html; charset=utf-8');
  return response;
});
