// The screenshot helper (test/helpers/browser.ts): a page its address
// reproduces is photographed at 390 px as a phone loads it, not as a page
// loaded at 1280 px and then narrowed, whose scripts already opened what a
// wide screen shows.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atEveryWidthAsLoaded, launchChromium } from '../../helpers/browser.ts';

const ADDRESS = 'http://shots.test/page';
/** A page whose script, at load, opens its panel on a wide screen only (as the policy pages' contents do). */
const PAGE = `<!doctype html><html lang="en"><head><title>Shots</title></head><body>
<details id="panel"><summary>Contents</summary><p>Sections</p></details>
<script>document.getElementById('panel').open = window.innerWidth >= 1024;</script></body></html>`;

describe('the screenshot helper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser.close());

  const panelOpenAtEachWidth = async (loadedFromAddress: boolean) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(ADDRESS, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    const page = await context.newPage();
    await page.goto(ADDRESS);
    const seen: string[] = [];
    await atEveryWidthAsLoaded(page, { loadedFromAddress }, async (shown, width, scheme) => {
      seen.push(`${width} ${scheme}: ${await shown.evaluate(() => (document.getElementById('panel') as HTMLDetailsElement).open)}`);
    });
    // The test's page is left as it was: its width, and no other page open.
    expect(page.viewportSize()?.width).toBe(1280);
    expect(context.pages()).toHaveLength(1);
    await context.close();
    return seen;
  };

  it('shows at 390 px a page its address reproduces as loaded at 390 px, with what the script left closed there', async () => {
    expect(await panelOpenAtEachWidth(true)).toEqual(['1280 light: true', '1280 dark: true', '390 light: false', '390 dark: false']);
  });

  it('keeps a state the test built by acting, resizing the page itself', async () => {
    expect(await panelOpenAtEachWidth(false)).toEqual(['1280 light: true', '1280 dark: true', '390 light: true', '390 dark: true']);
  });
});
