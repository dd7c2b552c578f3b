// Real-browser tests: the portal built into a temporary folder (portal-build.ts), served with
// the API by the production HTTP server (security headers, trusted documents
// enforced), and Debian's Chromium driven by playwright-core. Chromium is
// installed by .ci/run (apt-get); npm packages may not download browsers.
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppServices } from '@governance/api/graphql/context';
import { createHttpServer, type ServerOptions } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPOSITORY_ROOT } from './policy-files.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(REPOSITORY_ROOT, 'test-artifacts/screenshots');
export interface RunningSite {
  base: string;
  close(): Promise<void>;
}

/** The site as `pnpm start` serves it in production, on a free loopback port; `options` as a deployment sets them (e.g. the explorer on). */
export async function serveSite(services: AppServices, distDir: string, options: Partial<ServerOptions> = {}): Promise<RunningSite> {
  const server: Server = createHttpServer(services, {
    graphiql: false,
    trustedDocumentsOnly: true,
    portal: createStaticPortal(distDir),
    portalDistDir: distDir,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Headless Chromium. Playwright starts it with a fresh, empty user-data-dir
 * of its own; the flags keep it from reaching for the network (this machine
 * has none) and from needing a sandbox (tests run as root).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/** A desktop page that may use the clipboard; every Content-Security-Policy violation it reports is added to `violations`. */
export async function newPageWatchingCsp(browser: Browser, violations: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export const COLOR_SCHEMES = ['light', 'dark'] as const;

/** Runs `look` at each width in each colour scheme, then puts the page back as it was. */
async function atEveryWidthAndScheme(
  page: Page,
  look: (width: number, scheme: (typeof COLOR_SCHEMES)[number]) => Promise<void>,
): Promise<void> {
  const original = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const scheme of COLOR_SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await look(viewport.width, scheme);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  if (original) await page.setViewportSize(original);
}

export interface ScreenshotOptions {
  /**
   * The page is what its address loads: nothing opened, typed or sent since.
   * Each width then gets the page as loaded at that width, in a page of its
   * own in the same context (same session), so what scripts decide at load
   * (panels opened on a wide screen) is what a phone shows. Without it, the
   * page is resized in place, which keeps a state the test built by acting
   * (an open dialog, field errors) but also what scripts did at 1280 px.
   */
  loadedFromAddress?: boolean;
}

/**
 * The page as loaded at each width, light and dark: the page itself resized,
 * or, for a page its address reproduces, a fresh load at each width but the
 * first (the page itself, loaded at the test's width).
 */
export async function atEveryWidthAsLoaded(
  page: Page,
  options: ScreenshotOptions,
  look: (shown: Page, width: number, scheme: (typeof COLOR_SCHEMES)[number]) => Promise<void>,
): Promise<void> {
  if (!options.loadedFromAddress) return atEveryWidthAndScheme(page, (width, scheme) => look(page, width, scheme));
  const loadedAt = page.viewportSize()?.width;
  for (const viewport of VIEWPORTS) {
    const fresh = viewport.width !== loadedAt;
    const shown = fresh ? await page.context().newPage() : page;
    try {
      if (fresh) {
        await shown.setViewportSize({ width: viewport.width, height: viewport.height });
        // Until the network is quiet: pages that fetch after load (search results) show what they fetched.
        await shown.goto(page.url(), { waitUntil: 'networkidle' });
      }
      for (const scheme of COLOR_SCHEMES) {
        await shown.emulateMedia({ colorScheme: scheme });
        await look(shown, viewport.width, scheme);
      }
      await shown.emulateMedia({ colorScheme: null });
    } finally {
      if (fresh) await shown.close();
    }
  }
}

/**
 * Whether this run writes screenshots: `SCREENSHOTS=1` (`pnpm screenshots`).
 * They are for a reviewer to look at, not an assertion, and four full-page
 * PNGs per call (a fresh page load at each width for a page its address
 * reproduces) cost a browser test more than its checks do: a plain
 * `pnpm test` writes none.
 */
export const SCREENSHOTS_WANTED = process.env.SCREENSHOTS === '1';

/**
 * Full-page screenshots of the current page at each width, light and dark, as
 * test-artifacts/screenshots/<name>-<width>.png and <name>-<width>-dark.png:
 * what a reviewer opens to see every template as its users do. Only when the
 * run asks for them (`SCREENSHOTS_WANTED`); otherwise it returns at once.
 */
export async function screenshots(page: Page, name: string, options: ScreenshotOptions = {}): Promise<void> {
  if (SCREENSHOTS_WANTED) await writeScreenshots(page, name, options);
}

/** What `screenshots` writes when asked, into `folder`: the four PNGs' paths. */
export async function writeScreenshots(
  page: Page,
  name: string,
  options: ScreenshotOptions = {},
  folder = SCREENSHOTS_DIR,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  await atEveryWidthAsLoaded(page, options, async (shown, width, scheme) => {
    const suffix = scheme === 'dark' ? '-dark' : '';
    const file = path.join(folder, `${name}-${width}${suffix}.png`);
    await shown.screenshot({ path: file, fullPage: true });
    written.push(file);
  });
  return written;
}

/** What axe-core finds wrong on the page at each width, light and dark, one line per rule, width and scheme. */
export async function axeViolationsAtEveryWidthAndScheme(page: Page): Promise<string[]> {
  const found: string[] = [];
  await atEveryWidthAndScheme(page, async (width, scheme) => {
    for (const violation of await axeViolations(page)) found.push(`${width} px ${scheme}: ${violation}`);
  });
  return found;
}

/**
 * What axe-core finds wrong on the page as it stands, one line per rule with
 * the elements at fault. axe is injected once per loaded page and run there
 * directly: @axe-core/playwright's AxeBuilder injects it again and opens a
 * page of its own on every call, seconds each on a busy machine, and every
 * template is checked at two widths in two schemes. The product's pages have
 * no frames, so running in the top document sees everything.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return results.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return violations.map((violation) => `${violation.id}: ${violation.targets.join(', ')}`);
}
