// The subprocessor pages in Chromium, served as production serves them
// (Content-Security-Policy included), on the redline fixture
// (test/helpers/redline-portal.ts), whose LeenOps list has a change announced
// and not yet in effect: the list in force with AI providers and the
// customer's own choices apart, the announced change as a redline, and a
// version's permanent page. No script runs on either page, and axe finds
// nothing at either width in either colour scheme.
// Screenshots: subprocessors-list-*.png, subprocessors-version-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { redlinePortal } from '../../helpers/redline-portal.ts';

let opened: BrowserSite;
let site: BrowserSite['site'];
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  opened = await openBrowserSite({ portal: redlinePortal });
  ({ site } = opened);
  ({ context, page } = await opened.newPage({ clipboard: true }));
}, BUILD_TIMEOUT * 2);

afterAll(async () => {
  await context?.close();
  await opened?.close();
});

describe('the subprocessor pages in a browser', () => {
  it('show the list in force, AI providers apart, and the announced change with its dates and a redline, without a script', async () => {
    await page.goto(`${site.base}/leenops/subprocessors/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Subprocessors');
    const pending = page.locator('[data-pending="1.1"]');
    await expect(pending.textContent()).resolves.toMatch(/Announced on 15 November 2026\.\s*Takes effect on 20 December 2026\./);
    await expect(pending.locator('[data-change="added"] ins').first().textContent()).resolves.toContain('Example Search');
    await expect(pending.locator('[data-change="removed"] del').textContent()).resolves.toContain('Example Support Desk');
    await expect(page.getByRole('heading', { name: 'AI providers' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'You choose these' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await screenshots(page, 'subprocessors-list');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
  });

  it('give each version a permanent page with its dates, its SHA-256 and what it changed', async () => {
    await page.goto(`${site.base}/leenops/subprocessors/1.1/`);
    await expect(page.locator('code.sha256').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(page.locator('[data-effective]').textContent()).resolves.toBe('20 December 2026');
    await expect(page.locator('[data-change="modified"] [data-fact="Trains models on customer data"]').textContent()).resolves.toMatch(
      /As the provider’s own terms decide.*Only if the customer opts in/s,
    );
    await expect(page.locator('script').count()).resolves.toBe(0);
    await screenshots(page, 'subprocessors-version');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    expect(opened.cspViolations).toEqual([]);
  });
});
