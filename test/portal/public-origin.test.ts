// The portal the server builds names one public origin everywhere: the
// server's config.publicUrl (PUBLIC_SITE_URL, else http://localhost:PORT),
// never a default of the portal's own. And it has what the web expects of a
// site: robots.txt, sitemap.xml and a favicon.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePortalBuilt, portalDistDir } from '@governance/api/cli/portal-build';
import type { PortalLock } from '@governance/api/cli/portal-lock';
import { createLogger } from '@governance/api/shared/logger';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, copyOfPortal } from '../helpers/portal-build.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(REPOSITORY_ROOT, 'test/fixtures/policies-versions');
/** As `PORT=4520 pnpm start` without PUBLIC_SITE_URL computes it. */
const ORIGIN = 'http://localhost:4520';
const TODAY = '2026-11-22';

let workDir: string;
let portalDir: string;
let distDir: string;
const logger = createLogger('silent');
/** One process builds here, so the lock between processes has nothing to serialize. */
const onlyProcess: PortalLock = (work) => work();
const build = (publicUrl: string) =>
  ensurePortalBuilt({ portalDir, policiesDir: FIXTURE, publicUrl, today: TODAY, lock: onlyProcess, logger });
const read = (file: string) => readFile(path.join(distDir, file), 'utf8');

beforeAll(async () => {
  // A copy of the portal, so the builds here never touch portal/dist.
  workDir = await mkdtemp(path.join(tmpdir(), 'portal-origin-'));
  portalDir = await copyOfPortal(workDir);
  distDir = portalDistDir(portalDir);
  process.env.POLICIES_DIR = FIXTURE;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // The server's origin must win over anything the environment says.
  delete process.env.PUBLIC_SITE_URL;
  expect(await build(ORIGIN)).toBe(true);
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function textFiles(folder = distDir): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(html|xml|json|md|txt)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('one public origin', () => {
  it('puts no other origin than the configured one in any page, feed or file', async () => {
    const offenders: string[] = [];
    for (const file of await textFiles()) {
      if (/localhost:4000/.test(await readFile(file, 'utf8'))) offenders.push(path.relative(distDir, file));
    }
    expect(offenders).toEqual([]);
  });

  it('uses it in feeds, policies.json, canonical links and the "check a saved copy" command', async () => {
    expect(await read('feed.xml')).toContain(`<id>${ORIGIN}/feed.xml</id>`);
    const feed = JSON.parse(await read('acme/feed.json')) as { home_page_url: string; items: { url: string }[] };
    expect(feed.home_page_url.startsWith(`${ORIGIN}/`)).toBe(true);
    expect(feed.items.every((item) => item.url.startsWith(`${ORIGIN}/acme/`))).toBe(true);
    expect(await read('acme/policies.json')).toContain(`"${ORIGIN}/acme/terms/"`);
    const page = parse(await read('acme/terms/v/1.0/index.html'));
    expect(page.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(`${ORIGIN}/acme/terms/v/1.0/`);
    expect(page.querySelector('.verify code')?.textContent).toBe(`curl -s ${ORIGIN}/acme/terms/v/1.0/body.md | sha256sum`);
  });
});

describe('what the web expects', () => {
  it('keeps crawlers out of the dashboard and points them at the sitemap by absolute URL', async () => {
    expect(await read('robots.txt')).toBe(`User-agent: *\nDisallow: /dashboard/\n\nSitemap: ${ORIGIN}/sitemap.xml\n`);
  });

  it('lists every public page in sitemap.xml, absolute on the origin, and no staff or token-only page', async () => {
    const sitemap = await read('sitemap.xml');
    expect(sitemap.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(
      true,
    );
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locations).toEqual(
      expect.arrayContaining([
        `${ORIGIN}/`,
        `${ORIGIN}/acme/`,
        `${ORIGIN}/acme/terms/`,
        `${ORIGIN}/acme/terms/v/1.0/`,
        `${ORIGIN}/acme/terms/changes/1.0...1.1/`,
        `${ORIGIN}/acme/privacy-request/`,
      ]),
    );
    expect(locations.every((location) => location?.startsWith(`${ORIGIN}/`) && location.endsWith('/'))).toBe(true);
    expect(locations.filter((location) => /\/dashboard\/|\/privacy-request\/.|404/.test(location ?? ''))).toEqual([]);
  });

  it('ships a favicon at /favicon.ico and /favicon.svg, linked from every page', async () => {
    expect((await stat(path.join(distDir, 'favicon.ico'))).size).toBeGreaterThan(0);
    expect(await read('favicon.svg')).toContain('<svg');
    const unlinked: string[] = [];
    for (const file of (await textFiles()).filter((name) => name.endsWith('.html'))) {
      const icon = parse(await readFile(file, 'utf8')).querySelector('link[rel=icon]');
      if (icon?.getAttribute('href') !== '/favicon.svg') unlinked.push(path.relative(distDir, file));
    }
    expect(unlinked).toEqual([]);
  });
});

// Last, since it leaves the build on another origin.
describe('rebuilding', () => {
  it(
    'takes the origin into the build stamp: the same origin does not rebuild, another one does',
    async () => {
      expect(await build(ORIGIN)).toBe(false);
      expect(await build('https://policies.example.org')).toBe(true);
      expect(await read('robots.txt')).toContain('Sitemap: https://policies.example.org/sitemap.xml');
    },
    BUILD_TIMEOUT,
  );
});
