// The public pages around the policies, in a real browser, as production
// serves them (CSP, trusted documents, the API explorer on): the retention
// schedule read on a phone, the organization's changes page, and the page
// for reviewers, whose every query must run and whose links open the
// explorer with the query filled in; the trust pack download is the API's
// answer at the moment of the request.
import { createHash } from 'node:crypto';
import { type HTMLElement as ParsedElement, parse } from 'node-html-parser';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApiOver } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { syncShippedPolicies } from '../../helpers/shipped-policies.ts';

let opened: BrowserSite;
let api: TestApi;
let base: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // Synced before the server starts, which keeps the public reads of what it found.
  opened = await openBrowserSite({ server: { graphiql: true }, prepare: syncShippedPolicies });
  base = opened.base;
  // The clock of the settings the sync loaded: the schedule and the trust pack read at "now".
  api = testApiOver(opened.services);
  ({ context, page } = await opened.newPage({ clipboard: true }));
}, BUILD_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await opened?.close();
});

/** Elements that scroll sideways and cannot take keyboard focus or have no name. */
function unreachableScrollRegions(target: Page): Promise<string[]> {
  return target.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => {
        const overflow = getComputedStyle(element).overflowX;
        return (overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth + 1;
      })
      .filter((element) => element.tabIndex < 0 || !element.getAttribute('aria-label'))
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

describe('the retention schedule on a phone', () => {
  it('shows each rule as a card of labelled lines, with nothing to scroll sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/leenops/retention/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const rule = page.locator('[data-category="mail-outbox"]');
    expect(await rule.evaluate((row) => getComputedStyle(row).display)).toBe('block');
    await expect.poll(() => rule.getByText('Kept for').isVisible()).toBe(true);
    expect(await rule.getByText('Enforced by this portal').isVisible()).toBe(true);
    // The column headers stay for assistive technology, out of sight.
    expect((await page.locator('.retention-table thead').boundingBox())?.height).toBeLessThanOrEqual(1);
    expect(await unreachableScrollRegions(page)).toEqual([]);
  });

  it('keeps the table on a wide screen, in a named region the keyboard reaches', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/leenops/retention/`);
    expect(await page.locator('[data-category="mail-outbox"]').evaluate((row) => getComputedStyle(row).display)).toBe('table-row');
    expect((await page.locator('.retention-table thead').boundingBox())?.height).toBeGreaterThan(20);
    const region = page.getByRole('region', { name: 'Retention schedule of LeenOps' });
    let reached = false;
    for (let presses = 0; presses < 30 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await region.evaluate((element) => element === document.activeElement);
    }
    expect(reached).toBe(true);
    expect(await unreachableScrollRegions(page)).toEqual([]);
  });
});

describe('the pages a visitor or reviewer reads', () => {
  for (const [name, path] of [
    ['portal-retention-schedule', '/leenops/retention/'],
    ['portal-organization-changes', '/leenops/changes/'],
    ['portal-reviewers', '/leenops/reviewers/'],
  ] as const) {
    it(`${path} has no axe violation at 390 and 1280 px, light and dark, and nothing scrolls out of keyboard reach`, async () => {
      await page.goto(`${base}${path}`);
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width} px`).toBeLessThanOrEqual(width);
        expect(await unreachableScrollRegions(page), `${path} at ${width} px`).toEqual([]);
      }
      await screenshots(page, name, { loadedFromAddress: true });
    });
  }
});

describe('the reviewers page', () => {
  let reviewers: ParsedElement;
  /** The portal's public origin, as the build was told it (PUBLIC_SITE_URL). */
  let origin: string;

  beforeAll(async () => {
    // <pre> parsed as markup, so its <code> does not end up in the text.
    reviewers = parse(await (await fetch(`${base}/leenops/reviewers/`)).text(), {
      blockTextElements: { script: true, noscript: true, style: true },
    });
    origin = new URL(reviewers.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '').origin;
  });

  it('offers the trust pack, a version at a date and a diff, as GraphQL and curl', () => {
    expect(reviewers.querySelectorAll('[data-reviewer-query]').map((section) => section.getAttribute('data-reviewer-query'))).toEqual([
      'TrustPack',
      'VersionAtDate',
      'Diff',
    ]);
  });

  it('answers every GraphQL document on the page without errors', async () => {
    const documents = reviewers.querySelectorAll('[data-graphql]').map((block) => block.textContent);
    expect(documents).toHaveLength(3);
    for (const document of documents) {
      const answer = await api.query(document);
      expect(answer.errors, document).toBeUndefined();
      expect(
        Object.values(answer.data ?? {}).every((value) => value !== null),
        document,
      ).toBe(true);
    }
  });

  it('answers every curl command on the page without errors, sent as the command sends it', async () => {
    const commands = reviewers.querySelectorAll('[data-curl]').map((block) => block.textContent);
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      // curl -s '<endpoint>' -H 'content-type: application/json' -d '<body>'
      const [, endpoint, header, body] = /^curl -s '([^']+)' \\\n {2}-H '([^']+)' \\\n {2}-d '(.+)'$/s.exec(command) ?? [];
      expect(endpoint, command).toBe(`${origin}/graphql`);
      const [headerName = '', headerValue = ''] = (header ?? '').split(': ');
      const response = await fetch(new URL(new URL(endpoint ?? '').pathname, base), {
        method: 'POST',
        headers: { [headerName]: headerValue },
        body: (body ?? '').replaceAll(`'\\''`, "'"),
      });
      const answer = await response.json();
      expect(response.status, command).toBe(200);
      expect(answer.errors, command).toBeUndefined();
      expect(
        Object.values(answer.data ?? {}).every((value) => value !== null),
        command,
      ).toBe(true);
    }
  });

  it('opens the API explorer from a link with its query filled in, and runs it', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const href = reviewers.querySelector('[data-reviewer-query="Diff"] [data-explorer-link]')?.getAttribute('href') ?? '';
    const link = new URL(href);
    expect(link.origin).toBe(origin);
    await page.goto(`${base}${link.pathname}${link.search}`);
    const editor = page.locator('.graphiql-query-editor');
    await expect.poll(async () => ((await editor.textContent()) ?? '').replace(/\s+/g, ' '), { timeout: 20_000 }).toContain('query Diff');
    const answered = page.waitForResponse(
      (response) => response.url() === `${base}/graphql` && /query Diff/.test(response.request().postData() ?? ''),
    );
    await page.getByRole('button', { name: /Execute query/ }).click();
    const answer = await (await answered).json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.policy.diff.totals.sectionsUnchanged).toBeGreaterThan(0);
  }, 60_000);

  it('breaks no rule of the Content-Security-Policy', () => {
    expect(opened.cspViolations).toEqual([]);
  });
});

describe('the trust pack download', () => {
  it('is the API’s trust pack at the moment of the download: every policy in force, with texts that match their SHA-256', async () => {
    const before = Date.now();
    const response = await fetch(`${base}/leenops/trust-pack.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="leenops-trust-pack.json"');
    const pack = await response.json();
    expect(pack.organization).toEqual({ slug: 'leenops', name: 'LeenOps' });
    expect(Date.parse(pack.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(pack.policies.map((entry: { policy: { slug: string } }) => entry.policy.slug)).toEqual([
      'ai-use-and-data-policy',
      'terms-of-service',
    ]);
    for (const { version } of pack.policies as { version: { body: string; sha256: string } }[]) {
      expect(createHash('sha256').update(version.body, 'utf8').digest('hex')).toBe(version.sha256);
    }
    expect(pack.changes.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 in JSON for an organization that does not exist, or an address that cannot name one', async () => {
    for (const path of ['/nobody/trust-pack.json', '/Bad%00Slug/trust-pack.json']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toEqual({ error: 'There is no organization at this address.' });
    }
  });
});
