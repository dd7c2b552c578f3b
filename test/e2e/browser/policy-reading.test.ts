// Reading a policy in a real browser, on the site as production serves it
// (Content-Security-Policy, security headers): the contents list beside the
// text that stays in view and marks the section being read, the text first
// on a phone, heading links, both colour schemes, print, and search from any
// page's header with and without JavaScript.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';

const POLICY = '/leenops/terms-of-service/';
/** A section long enough that the next heading stays below the reading line when it is scrolled to the top. */
const SECTION = '9-intellectual-property';

let opened: BrowserSite;
let site: BrowserSite['site'];
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ site, browser } = opened);
  ({ context, page } = await opened.newPage({ clipboard: true }));
}, BUILD_TIMEOUT);

afterAll(async () => {
  await context?.close();
  await opened?.close();
});

/** A context of its own, for a width or with scripts turned off. */
async function openPage(options: {
  width: number;
  height: number;
  javaScriptEnabled?: boolean;
}): Promise<{ context: BrowserContext; page: Page }> {
  const own = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return { context: own, page: await own.newPage() };
}

const box = async (target: ReturnType<Page['locator']>) => {
  const found = await target.boundingBox();
  if (!found) throw new Error('the element is not displayed');
  return found;
};

describe('a policy page at 1280 px', () => {
  it('keeps the contents beside the text in view while scrolling, and marks the section being read', async () => {
    await page.goto(`${site.base}${POLICY}`);
    const contents = page.getByRole('navigation', { name: 'Contents' });
    await expect.poll(() => contents.isVisible()).toBe(true);
    const text = page.locator('.policy-body');
    expect((await box(contents)).x + (await box(contents)).width).toBeLessThan((await box(text)).x);
    await expect.poll(() => contents.locator('a[aria-current="location"]').getAttribute('href')).toBe('#1-about-leenops');

    await page.evaluate((id) => {
      const heading = document.getElementById(id);
      if (heading) window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 40);
    }, SECTION);
    await expect.poll(() => contents.locator('a[aria-current="location"]').getAttribute('href')).toBe(`#${SECTION}`);
    expect(await contents.locator('a[aria-current]').count()).toBe(1);
    // Still in view: sticky, not scrolled away with the page's top.
    const stuck = await box(contents);
    expect(stuck.y).toBeGreaterThanOrEqual(0);
    expect(stuck.y).toBeLessThan(900);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  });

  it('sets the text in a column of about 70 characters', async () => {
    await page.goto(`${site.base}${POLICY}`);
    const charactersPerLine = await page
      .locator('.policy-body > p')
      .first()
      .evaluate((paragraph) => {
        const lineHeight = Number.parseFloat(getComputedStyle(paragraph).lineHeight);
        const lines = Math.round(paragraph.getBoundingClientRect().height / lineHeight);
        // Every line but the last is full.
        return (paragraph.textContent ?? '').length / (lines - 0.5);
      });
    expect(charactersPerLine).toBeGreaterThan(60);
    expect(charactersPerLine).toBeLessThan(80);
  });

  it('shows each heading link on keyboard focus, named for its section', async () => {
    await page.goto(`${site.base}${POLICY}`);
    const anchor = page.getByRole('link', { name: 'Link to the section “5. Acceptable use”' });
    expect(await anchor.evaluate((link) => getComputedStyle(link).opacity)).toBe('0');
    await anchor.focus();
    expect(await anchor.evaluate((link) => getComputedStyle(link).opacity)).toBe('1');
    expect(await anchor.getAttribute('href')).toBe('#5-acceptable-use');
  });

  it('shows the contents beside the text without JavaScript too', async () => {
    const { context: own, page: noScript } = await openPage({ width: 1280, height: 900, javaScriptEnabled: false });
    try {
      await noScript.goto(`${site.base}${POLICY}`);
      const contents = noScript.getByRole('navigation', { name: 'Contents' });
      expect(await contents.isVisible()).toBe(true);
      expect(await contents.getByRole('link').count()).toBe(15);
      expect(await noScript.locator('.verify-card code.sha256').isVisible()).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('a policy page on a 390 px phone', () => {
  it('starts the text on the first screen, with the contents and the hash folded away', async () => {
    const { context: own, page: phone } = await openPage({ width: 390, height: 844 });
    try {
      await phone.goto(`${site.base}${POLICY}`);
      const firstParagraph = await box(phone.locator('.policy-body > p').first());
      expect(firstParagraph.y + 48).toBeLessThan(844);
      expect(await phone.getByRole('navigation', { name: 'Contents' }).isVisible()).toBe(false);
      expect(await phone.locator('.verify-card code.sha256').isVisible()).toBe(false);
      await phone.getByText('Contents', { exact: true }).click();
      expect(await phone.getByRole('navigation', { name: 'Contents' }).isVisible()).toBe(true);
      // The facts line's "Verify" opens the folded hash rather than landing on its summary.
      await phone.getByRole('link', { name: 'Verify', exact: true }).click();
      await expect.poll(() => phone.locator('.verify-card code.sha256').isVisible()).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('colour schemes and print', () => {
  it("follows the reader's dark scheme with the dark colours, and the light one with the light", async () => {
    await page.goto(`${site.base}${POLICY}`);
    const colours = () =>
      page.evaluate(() => {
        const body = getComputedStyle(document.documentElement);
        const link = getComputedStyle(document.querySelector('.policy-body a, .policy-organization a') as Element);
        return { background: body.backgroundColor, text: body.color, link: link.color };
      });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await colours()).toEqual({ background: 'rgb(18, 20, 23)', text: 'rgb(232, 234, 237)', link: 'rgb(138, 180, 248)' });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await colours()).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(27, 27, 27)', link: 'rgb(29, 79, 145)' });
    await page.emulateMedia({ colorScheme: null });
  });

  it('prints the organization, version, effective date, absolute permanent address and hash, and no controls', async () => {
    await page.goto(`${site.base}${POLICY}`);
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    try {
      const facts = page.locator('.print-facts');
      expect(await facts.isVisible()).toBe(true);
      const printed = (await facts.locator('div').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
      expect(printed).toContain('Organization LeenOps');
      expect(printed).toContain('Version 1.0');
      expect(printed).toContain('Effective date 13 June 2026');
      expect(printed).toMatch(/Permanent address http:\/\/\S+\/leenops\/terms-of-service\/v\/1\.0\//);
      expect(printed).toMatch(/SHA-256 [0-9a-f]{64}/);
      for (const control of ['.site-search', '.policy-aside', '.heading-anchor', '.back-to-top', '.policy-facts-links', 'button']) {
        expect(await page.locator(control).first().isVisible(), control).toBe(false);
      }
      // Paper is white with black text whatever the screen's scheme.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');
    } finally {
      await page.emulateMedia({ media: null, colorScheme: null });
    }
    expect(await page.locator('.print-facts').isVisible()).toBe(false);
  });
});

describe('search from the header', () => {
  it('takes the words to the search page without JavaScript, which says what to do without it', async () => {
    const { context: own, page: noScript } = await openPage({ width: 1280, height: 900, javaScriptEnabled: false });
    try {
      await noScript.goto(`${site.base}/leenops/`);
      await noScript.getByRole('searchbox', { name: 'Search policies' }).fill('delete my data');
      await noScript.getByRole('search').getByRole('button', { name: 'Search' }).click();
      await noScript.waitForURL((url) => url.pathname === '/search/');
      expect(new URL(noScript.url()).searchParams.get('q')).toBe('delete my data');
      // Playwright's text and role locators skip <noscript>; what the reader sees is the rendered text.
      const shown = (await noScript.locator('main').allInnerTexts()).join(' ');
      expect(shown).toContain('Search needs JavaScript, which is turned off in this browser.');
      expect(shown).toContain(
        'To ask an organization for a copy of your personal data, to correct it or to delete it, use its request form: LeanDNA, LeenOps, OpenLeash.',
      );
      expect(await noScript.locator('main noscript a[href="/leenops/privacy-request/"]').isVisible()).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('finds the words with JavaScript, with excerpts that start at a word, and offers the request forms for "privacy request"', async () => {
    await page.goto(`${site.base}${POLICY}`);
    await page.getByRole('searchbox', { name: 'Search policies' }).fill('privacy request');
    await page.getByRole('searchbox', { name: 'Search policies' }).press('Enter');
    await page.waitForURL((url) => url.pathname === '/search/');
    expect(await page.getByLabel('Search terms').inputValue()).toBe('privacy request');
    const suggestion = page.getByRole('region', { name: 'Did you mean the privacy request form?' });
    await expect.poll(() => suggestion.isVisible()).toBe(true);
    expect(
      await suggestion
        .getByRole('link', { name: 'Ask LeenOps for a copy of your data, to correct it or to delete it' })
        .getAttribute('href'),
    ).toBe('/leenops/privacy-request/');
    await expect.poll(() => page.locator('#search-results > li').count()).toBeGreaterThan(0);
    const excerpts = await page.locator('#search-results p').allInnerTexts();
    expect(excerpts.length).toBeGreaterThan(0);
    // Either the start of a sentence, or an ellipsis and then a whole word.
    for (const excerpt of excerpts) expect(excerpt).toMatch(/^(?:… [\p{L}\p{N}"(]|[\p{Lu}\p{N}"(])/u);
    expect(excerpts.some((excerpt) => excerpt.startsWith('… '))).toBe(true);
    expect(excerpts.some((excerpt) => excerpt.endsWith(' …'))).toBe(true);

    await page.getByLabel('Search terms').fill('retention period');
    await expect.poll(() => suggestion.isVisible()).toBe(false);
    expect(opened.cspViolations).toEqual([]);
  });
});

describe('every public template', () => {
  it('answers for its favicon', async () => {
    for (const icon of ['/favicon.ico', '/favicon.svg']) {
      const response = await page.request.get(`${site.base}${icon}`);
      expect(response.status(), icon).toBe(200);
    }
  });

  for (const [name, url] of [
    ['policy-reading-policy', POLICY],
    ['policy-reading-search', '/search/?q=delete+my+data'],
    ['policy-reading-organization', '/leenops/'],
  ] as const) {
    it(`has no axe violation at 390 and 1280 px, light and dark, on ${url}, and is photographed as ${name}`, async () => {
      await page.goto(`${site.base}${url}`);
      if (name === 'policy-reading-search') await expect.poll(() => page.locator('#search-results > li').count()).toBeGreaterThan(0);
      expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
      // As a phone loads it: the contents and verify panels start closed there.
      await screenshots(page, name, { loadedFromAddress: true });
      expect(opened.cspViolations).toEqual([]);
    }, 240_000);
  }
});
