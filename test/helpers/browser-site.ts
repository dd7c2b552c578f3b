// One setup for a browser test file: its own database, the API's services
// over it, the shared portal build served as production serves it, and
// Chromium; pages that report Content-Security-Policy violations; and staff
// signed in once per file through the API instead of through the sign-in
// form on every page (the tests about signing in still use the form).
import type { AppServices } from '@governance/api/graphql/context';
import type { ServerOptions } from '@governance/api/http/server';
import { type Clock, systemClock } from '@governance/api/shared/clock';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createTestServices, testApiOver } from './api.ts';
import { launchChromium, type RunningSite, serveSite } from './browser.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { seedPortal } from './seed-portal.ts';
import { signIn } from './staff.ts';

export interface SiteOptions {
  /** The services' clock; the system's by default. */
  clock?: Clock;
  /** The built portal to serve: the seed portal by default (e.g. `redlinePortal`). */
  portal?: () => Promise<string>;
  /** Server options a deployment may set (the explorer on, field suggestions off); production's otherwise. */
  server?: Partial<ServerOptions>;
  /**
   * Fills the database before the services and the server start, for what they
   * read once at start (the policies a sync loads, which the server's public
   * reads keep): seed anything else afterwards through `database`.
   */
  prepare?: (database: TestDatabase) => Promise<void>;
}

/** Playwright's context options (viewport 1280×900 unless given), and: */
export interface PageOptions extends BrowserContextOptions {
  /** Opens the page signed in as this staff member (signed in once per file, through the API). */
  as?: string;
  /** Grants clipboard access, for copy buttons. */
  clipboard?: boolean;
}

export interface BrowserSite {
  database: TestDatabase;
  /** The services the site runs on: the same database, keys and clock. */
  services: AppServices;
  site: RunningSite;
  /** The site's origin, e.g. http://127.0.0.1:40123. */
  base: string;
  browser: Browser;
  /** Every Content-Security-Policy violation a page from `newPage` reported, with its address. */
  cspViolations: string[];
  /** A new context and page (1280×900 unless told), watched for CSP violations. */
  newPage(options?: PageOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** The storage state of a session of `email` (a password-only sign-in), made once per file and reused. */
  signedIn(email: string): Promise<NonNullable<BrowserContextOptions['storageState']>>;
  /** Gives a context already open that session's cookie: its next page load is signed in as `email`. */
  signInto(context: BrowserContext, email: string): Promise<void>;
  close(): Promise<void>;
}

const DESKTOP = { width: 1280, height: 900 };

/** Opens the site for a test file; call `close()` in afterAll. Seed the database through `database` or `services`. */
export async function openBrowserSite(options: SiteOptions = {}): Promise<BrowserSite> {
  // The build (or the wait for another file's), the database and Chromium start side by side.
  const opening = await Promise.allSettled([(options.portal ?? seedPortal)(), createTestDatabase(), launchChromium()] as const);
  const [built, created, launched] = opening;
  if (built.status === 'rejected' || created.status === 'rejected' || launched.status === 'rejected') {
    if (created.status === 'fulfilled') await created.value.drop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw [built, created, launched].find((outcome) => outcome.status === 'rejected')?.reason;
  }
  const [dist, database, browser] = [built.value, created.value, launched.value];
  try {
    await options.prepare?.(database);
  } catch (error) {
    await browser.close();
    await database.drop();
    throw error;
  }
  const services = createTestServices(database, options.clock ?? systemClock);
  const site = await serveSite(services, dist, options.server);
  const api = testApiOver(services);
  const cspViolations: string[] = [];
  const sessions = new Map<string, Promise<string>>();

  const signedIn: BrowserSite['signedIn'] = async (email) => {
    let session = sessions.get(email);
    if (!session) {
      // The dashboard's own sign-in mutation, over the site's services: the session lives in the database the site reads.
      session = signIn(api, email).then((cookie) => cookie.slice(cookie.indexOf('=') + 1));
      sessions.set(email, session);
    }
    const value = await session;
    const { hostname } = new URL(site.base);
    return {
      cookies: [{ name: 'gp_session', value, domain: hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }],
      origins: [],
    };
  };

  return {
    database,
    services,
    site,
    base: site.base,
    browser,
    cspViolations,
    signedIn,
    async signInto(context, email) {
      const state = await signedIn(email);
      if (typeof state !== 'string') await context.addCookies(state.cookies ?? []);
    },
    async newPage({ as, clipboard, ...contextOptions } = {}) {
      const context = await browser.newContext({
        viewport: DESKTOP,
        ...contextOptions,
        ...(clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {}),
        ...(as ? { storageState: await signedIn(as) } : {}),
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
          cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      return { context, page };
    },
    async close() {
      await browser.close();
      await site.close();
      await database.drop();
    },
  };
}
