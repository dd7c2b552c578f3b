// The screenshot helper (test/helpers/browser.ts): a page its address
// reproduces is photographed at 390 px as a phone loads it, not as a page
// loaded at 1280 px and then narrowed, whose scripts already opened what a
// wide screen shows; asked for, it writes a full-page PNG at each width in
// each scheme; not asked for (a plain `pnpm test`), it writes nothing.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  atEveryWidthAsLoaded,
  launchChromium,
  SCREENSHOTS_DIR,
  SCREENSHOTS_WANTED,
  screenshots,
  writeScreenshots,
} from '../../helpers/browser.ts';

const ADDRESS = 'http://shots.test/page';
/** A page whose script, at load, opens its panel on a wide screen only (as the policy pages' contents do). */
const PAGE = `<!doctype html><html lang="en"><head><title>Shots</title></head><body>
<details id="panel"><summary>Contents</summary><p>Sections</p></details>
<script>document.getElementById('panel').open = window.innerWidth >= 1024;</script></body></html>`;
/** A page far taller than the window. */
const TALL_PAGE = `<!doctype html><html lang="en"><head><title>Tall</title></head><body><div style="height: 2400px">Tall</div></body></html>`;

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

  /** Width and height from a PNG's header (its IHDR chunk), or null when the file is no PNG. */
  const pngSize = (bytes: Buffer) =>
    bytes.subarray(1, 4).toString('latin1') === 'PNG' ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : null;

  it('writes a full-page PNG at 1280 and 390 px, light and dark, when screenshots are asked for', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'screenshots-'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.route(ADDRESS, (route) => route.fulfill({ contentType: 'text/html', body: TALL_PAGE }));
      const page = await context.newPage();
      await page.goto(ADDRESS);
      const written = await writeScreenshots(page, 'tall', { loadedFromAddress: true }, folder);
      expect(written.map((file) => path.basename(file))).toEqual([
        'tall-1280.png',
        'tall-1280-dark.png',
        'tall-390.png',
        'tall-390-dark.png',
      ]);
      const sizes = await Promise.all(written.map(async (file) => pngSize(await readFile(file))));
      // Full page: taller than the 900 px window.
      expect(sizes).toEqual([1280, 1280, 390, 390].map((width) => ({ width, height: expect.any(Number) })));
      for (const size of sizes) expect(size?.height).toBeGreaterThan(2_000);
    } finally {
      await context.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('writes screenshots only when the run asks for them (SCREENSHOTS=1)', async () => {
    const name = `helper-check-${process.pid}-${Date.now()}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.route(ADDRESS, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
      const page = await context.newPage();
      await page.goto(ADDRESS);
      await screenshots(page, name, { loadedFromAddress: true });
      expect(existsSync(path.join(SCREENSHOTS_DIR, `${name}-390-dark.png`))).toBe(SCREENSHOTS_WANTED);
    } finally {
      await context.close();
      for (const suffix of ['1280', '1280-dark', '390', '390-dark'])
        await rm(path.join(SCREENSHOTS_DIR, `${name}-${suffix}.png`), { force: true });
    }
  });
});
