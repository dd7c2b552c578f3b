// Writes sitemap.xml (sitemaps.org protocol) once Astro has written the site:
// every public page the build produced, as absolute URLs on the one public
// origin (`site`, from PUBLIC_SITE_URL). Taken from the build's own page list,
// so a new kind of page is listed without touching this file; the pages
// rendered on request (`prerender = false`, one per organization) are listed
// for every organization the build published. Runs before precompress, which
// then compresses it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_PATH, SITEMAP_PATH } from '@governance/policies/vocabulary/urls';
import type { AstroIntegration, IntegrationResolvedRoute } from 'astro';

/**
 * Pages that are not destinations: the dashboard (staff only), the page for
 * addresses that do not exist, and the steps of a privacy request that only
 * make sense with the token a requester was sent. Their form
 * (`/<org>/privacy-request/`) is listed.
 */
const UNLISTED: readonly RegExp[] = [new RegExp(`^${DASHBOARD_PATH}`), /^\/404\/$/, /^\/[^/]+\/privacy-request\/.+/];

/** Which built pathnames (`acme/terms/`, `` for the home page) the sitemap lists. */
export function sitemapPaths(pathnames: readonly string[]): string[] {
  const paths = pathnames
    .map((pathname) => `/${pathname.replace(/^\/+/, '')}`)
    // Pages end in a slash (trailingSlash: 'always'); feeds, body.md and 404.html are files, not pages.
    .filter((path) => path.endsWith('/') && !UNLISTED.some((pattern) => pattern.test(path)));
  return [...new Set(paths)].sort();
}

/**
 * The built pathnames plus each organization's live pages: a live route
 * whose only parameter is `org` (`/[org]/retention`), for every organization:
 * a page of its own with pages under it (`acme/` of `acme/terms/`; the
 * dashboard has some too, and is left out as unlisted).
 */
export function withLivePages(pathnames: readonly string[], liveRoutes: readonly IntegrationResolvedRoute[]): string[] {
  const bare = pathnames.map((pathname) => pathname.replace(/^\/+/, ''));
  const ownPages = bare.flatMap((pathname) => /^([^/]+)\/$/.exec(pathname)?.[1] ?? []);
  const organizations = ownPages.filter((slug) => bare.some((pathname) => pathname.startsWith(`${slug}/`) && pathname !== `${slug}/`));
  const perOrganization = liveRoutes.filter((route) => route.type === 'page' && route.params.length === 1 && route.params[0] === 'org');
  const live = organizations.flatMap((org) => perOrganization.map((route) => `${route.generate({ org })}/`.replace(/\/+$/, '/')));
  return [...pathnames, ...live];
}

export function renderSitemap(paths: readonly string[], site: URL): string {
  const urls = paths.map((path) => `  <url><loc>${escapeXml(new URL(path, site).href)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

export default function sitemap(): AstroIntegration {
  let site: URL | undefined;
  let liveRoutes: IntegrationResolvedRoute[] = [];
  return {
    name: 'governance:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
      },
      'astro:routes:resolved': ({ routes }) => {
        liveRoutes = routes.filter((route) => !route.isPrerendered);
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        if (!site) throw new Error('sitemap.xml needs absolute URLs: set `site` in astro.config.ts (PUBLIC_SITE_URL)');
        const paths = sitemapPaths(
          withLivePages(
            pages.map((page) => page.pathname),
            liveRoutes,
          ),
        );
        // `dir` honours `--outDir`.
        await writeFile(path.join(fileURLToPath(dir), SITEMAP_PATH), renderSitemap(paths, site));
        logger.info(`Wrote ${SITEMAP_PATH} with ${paths.length} page(s).`);
      },
    },
  };
}
