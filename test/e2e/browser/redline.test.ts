// The redline of a real amendment (test/helpers/redline-portal.ts) in Chromium,
// served as production serves it (Content-Security-Policy included): side by
// side from 1024 px, inline on a phone, labels printed, no axe violation at
// either width in either colour scheme. Screenshots: redline-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { REDLINE_URL, redlinePortal } from '../../helpers/redline-portal.ts';

let opened: BrowserSite;
let site: BrowserSite['site'];
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  opened = await openBrowserSite({ portal: redlinePortal });
  ({ site } = opened);
  ({ context, page } = await opened.newPage({ clipboard: true }));
  await page.goto(`${site.base}${REDLINE_URL}`);
}, BUILD_TIMEOUT * 2);

afterAll(async () => {
  await context?.close();
  await opened?.close();
});

const accounts = () => page.locator('section.redline-section').filter({ has: page.locator('h2[id="2-accounts-and-workspace-access"]') });

describe('the redline page in a browser', () => {
  it('shows old and new side by side from 1024 px and the inline redline on a phone', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(accounts().locator('.redline-columns').isVisible()).resolves.toBe(true);
    await expect(accounts().locator('.redline-inline').isVisible()).resolves.toBe(false);
    const [left, right] = await accounts()
      .locator('.redline-column')
      .evaluateAll((columns) => columns.map((column) => column.getBoundingClientRect().left));
    expect(right).toBeGreaterThan((left ?? 0) + 300);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(accounts().locator('.redline-inline').isVisible()).resolves.toBe(true);
    await expect(accounts().locator('.redline-columns').isVisible()).resolves.toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps the [added: …]/[removed: …] labels out of sight on screen and prints them with the inline redline', async () => {
    const marker = accounts().locator('.redline-inline del .redline-marker').first();
    const width = () => marker.evaluate((element) => element.getBoundingClientRect().width);
    await page.emulateMedia({ media: 'print' });
    await expect(accounts().locator('.redline-inline').isVisible()).resolves.toBe(true);
    await expect(accounts().locator('.redline-columns').isVisible()).resolves.toBe(false);
    expect(await width()).toBeGreaterThan(20);
    await page.emulateMedia({ media: 'screen' });
    expect(
      await accounts()
        .locator('.redline-columns del .redline-marker')
        .first()
        .evaluate((element) => element.getBoundingClientRect().width),
    ).toBeLessThanOrEqual(1);
  });

  it('lists the titles of a folded run of unchanged sections when it is opened', async () => {
    const run = page.locator('details.redline-unchanged-run').nth(1);
    await expect(run.getByText('5. Acceptable use').isVisible()).resolves.toBe(false);
    await run.locator('summary').click();
    await expect(run.getByText('5. Acceptable use').isVisible()).resolves.toBe(true);
    await run.locator('summary').click();
  });

  it('has no axe violation at 390 and 1280 px in light and dark, and breaks no Content-Security-Policy rule', async () => {
    await screenshots(page, 'redline');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    expect(opened.cspViolations).toEqual([]);
  });
});
