// The accessibility check every browser test relies on (axe injected once per
// page and run in it, test/helpers/browser.ts): it must see a fault that shows
// only in the dark scheme, or only on a phone.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, launchChromium } from '../../helpers/browser.ts';

const PAGE = (style: string) => `<!doctype html><html lang="en"><head><title>Check</title><style>${style}</style></head>
<body><main><h1>Check</h1><p class="words">Words to read.</p></main></body></html>`;

describe('the accessibility check at every width and scheme', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser.close());

  it('finds text too faint to read in the dark scheme only, at both widths', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(PAGE('@media (prefers-color-scheme: dark) { body { background: #000; } .words { color: #222; } }'));
    const found = await axeViolationsAtEveryWidthAndScheme(page);
    expect(found.map((line) => line.split(':')[0])).toEqual(['1280 px dark', '390 px dark']);
    expect(found.every((line) => line.includes('color-contrast'))).toBe(true);
    await context.close();
  });

  it('finds a fault that shows only on a phone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A scrolling region only a narrow screen makes, with nothing the keyboard can reach in it.
    await page.setContent(PAGE('@media (max-width: 500px) { .words { overflow: auto; height: 1em; width: 3em; white-space: nowrap; } }'));
    const found = await axeViolationsAtEveryWidthAndScheme(page);
    expect(found).toEqual([
      expect.stringMatching(/^390 px light: scrollable-region-focusable/),
      expect.stringMatching(/^390 px dark: scrollable-region-focusable/),
    ]);
    await context.close();
  });
});
