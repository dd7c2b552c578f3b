// How long browsers and CDNs may keep each file of the built portal, and the
// validators that let them check a kept copy cheaply (If-None-Match → 304).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT_LIVED = 'public, max-age=60';
const REVALIDATE = 'no-cache';

/**
 * Only what can never change is immutable:
 * - `/_astro/*`: Astro names these files by a hash of their content;
 * - `/<org>/<policy>/v/<version>/body.md`: a published text never changes
 *   (the lock, the sync and the database all refuse an edit).
 * A version's page is not: its notice says whether it is current, and its
 * changelog and version list grow when a new version is published.
 * Every other public file (pages, feeds, policies.json, the search index, the
 * sitemap) changes with a publication or a rebuild: a minute in any cache,
 * then revalidated by its ETag. The dashboard's pages revalidate every time,
 * so staff never run an old page against a newer API.
 */
export function cacheControlOf(pathname: string): string {
  if (pathname.startsWith('/_astro/')) return IMMUTABLE;
  if (/^\/[^/]+\/[^/]+\/v\/[^/]+\/body\.md$/.test(pathname)) return IMMUTABLE;
  if (pathname === '/dashboard' || pathname.startsWith('/dashboard/')) return REVALIDATE;
  return SHORT_LIVED;
}

/**
 * The live pages (live-pages.ts) render on request. The requester's pages
 * echo what a person typed and confirm their request: no cache may keep
 * them. The retention schedule and transparency figures are public, and like
 * the other public pages may be kept a minute.
 */
export function livePageCacheControlOf(pathname: string): string {
  return isRequesterPage(pathname) ? 'no-store' : SHORT_LIVED;
}

/** The requester's pages (form, confirmation, status): personal, so never cached and never named in a Referer. */
export const isRequesterPage = (pathname: string) => /^\/[^/]+\/privacy-request\//.test(pathname);

/**
 * A weak ETag from the SHA-256 of a file's content: the same bytes give the
 * same tag in every process and after every rebuild (a size-and-mtime tag, as
 * sirv makes, changes with each copy of the build yet can miss an edit of the
 * same size within a second). Weak, because one tag covers the identity,
 * brotli and gzip representations of the same content.
 */
export function createContentEtags(): (file: string) => Promise<string> {
  // One entry per file of one build (each build gets its own handler), so it stays bounded.
  const tags = new Map<string, Promise<string>>();
  return (file) => {
    let tag = tags.get(file);
    if (!tag) {
      tag = readFile(file).then((content) => `W/"${createHash('sha256').update(content).digest('base64url')}"`);
      tags.set(file, tag);
      // A read that failed (the build was replaced meanwhile) is not remembered.
      tag.catch(() => tags.delete(file));
    }
    return tag;
  };
}
