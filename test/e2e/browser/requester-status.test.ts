// The requester's pages in real Chromium, with and without JavaScript: the
// form reports every problem at once; the confirmation page takes the link or
// the typed short code; the status page survives reload and bookmark (its
// token lives in an HttpOnly cookie, never in the address); every template
// and its error states pass axe at both widths in both colour schemes, and
// each is photographed for review (test-artifacts/screenshots/requester-*).
import { systemPrincipal } from '@governance/api/auth/principal';
import { applyStaffAction } from '@governance/api/deletion-requests/staff-actions.service';
import type { MailKind } from '@governance/db';
import { dateInWords } from '@governance/policies/vocabulary/words';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createTestServices } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization } from '../../helpers/staff.ts';

const REQUESTER = 'grace@example.com';
const STATUS_PATH = '/leenops/privacy-request/status/';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;
let services: ReturnType<typeof createTestServices>;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, browser } = opened);
  await createOrganization(database.db, 'leenops', 'LeenOps');
  services = opened.services;
  services.publicUrl = site.base;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await opened?.close();
});

async function mailText(kind: MailKind): Promise<string> {
  const row = await database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', REQUESTER)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.body_text ?? '';
}
const linkIn = (text: string, page: 'verify' | 'status') =>
  new RegExp(`https?://\\S+/privacy-request/${page}/#token=[\\w-]+`).exec(text)?.[0] ?? '';
const codeIn = (text: string) => /code: {6}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})/.exec(text)?.[1] ?? '';
const summaryItems = (page: Page) => page.locator('.error-summary li').allTextContents();

async function newPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

async function lookedAt(page: Page, name: string): Promise<void> {
  expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
  await screenshots(page, name);
}

describe("the requester's pages", { timeout: 300_000 }, () => {
  let reference = '';
  let requestId = '';

  it('report every problem of the form at once, with and without JavaScript, then take the request', async () => {
    for (const javaScript of [false, true]) {
      const { context, page } = await newPage(javaScript);
      await page.goto(`${site.base}/leenops/privacy-request/`);
      if (javaScript) await lookedAt(page, 'requester-form');
      await page.getByRole('button', { name: 'Send request' }).click();
      await expect
        .poll(() => summaryItems(page))
        .toEqual(['Enter your email address.', 'Enter your name.', 'Choose EU/UK GDPR, California CCPA or other.']);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      await page.getByLabel('Email address').fill('grace.example.com');
      await page.getByRole('button', { name: 'Send request' }).click();
      await expect.poll(() => summaryItems(page)).toContain('Enter an email address, like name@example.com.');
      if (javaScript) await lookedAt(page, 'requester-form-errors');
      await context.close();
    }
    const { context, page } = await newPage(true);
    await page.goto(`${site.base}/leenops/privacy-request/`);
    await page.getByLabel('Email address').fill(REQUESTER);
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('EU/UK GDPR').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/privacy-request\/received\//);
    reference = new URL(page.url()).searchParams.get('reference') ?? '';
    await expect.poll(() => page.getByText(reference).count()).toBeGreaterThan(0);
    await lookedAt(page, 'requester-received');
    await context.close();
  });

  it('refuses a wrong short code typed on the confirmation page, and confirms through the link with it', async () => {
    const mail = await mailText('VERIFICATION');
    // A typed code posts the form, as without JavaScript (axe needs a script, so this page keeps one).
    const noScript = await newPage(true);
    await noScript.page.goto(`${site.base}/leenops/privacy-request/verify/`);
    await noScript.page.getByLabel('Reference').fill(reference);
    await noScript.page.getByLabel('Confirmation code').fill(codeIn(mail) === 'ZZZZ-ZZZZ' ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ');
    await noScript.page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect
      .poll(() => summaryItems(noScript.page))
      .toEqual(['This code does not match the reference. Check both against the email and try again.']);
    await lookedAt(noScript.page, 'requester-verify-wrong-code');
    await noScript.context.close();

    const { context, page } = await newPage(true);
    await page.goto(linkIn(mail, 'verify'));
    await expect.poll(() => page.getByText('Your link is ready').isVisible()).toBe(true);
    // Nothing left to type: the link named the request.
    expect(await page.getByLabel('Reference').isVisible()).toBe(false);
    expect(new URL(page.url()).hash).toBe('');
    await lookedAt(page, 'requester-verify');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.waitForURL(/\/verify\/confirmed\//);
    await context.close();
    requestId = (await database.db.selectFrom('deletion_request').select('id').where('reference', '=', reference).executeTakeFirstOrThrow())
      .id;
  });

  it('opens the status from the link with JavaScript, and shows it again after a reload and from a bookmark, the token in no address', async () => {
    const actor = { principal: systemPrincipal('test'), request: { requestId: null, ip: null, userAgent: null } };
    await applyStaffAction(services, actor, requestId, 2, { action: 'START' });
    const { context, page } = await newPage(true);
    const seen: string[] = [];
    page.on('request', (request) => seen.push(request.url()));
    await page.goto(linkIn(await mailText('RECEIVED'), 'status'));
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    await expect.poll(() => page.getByRole('heading', { name: `Request ${reference}` }).isVisible()).toBe(true);
    await page.reload();
    expect(await page.getByText('Being handled', { exact: true }).isVisible()).toBe(true);
    const bookmark = await context.newPage();
    await bookmark.goto(`${site.base}${STATUS_PATH}`);
    expect(await bookmark.getByRole('heading', { name: `Request ${reference}` }).isVisible()).toBe(true);
    expect(seen.filter((url) => url.includes('drs_'))).toEqual([]);
    // The cookie is the server's alone.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await lookedAt(page, 'requester-status-in-progress');
    await context.close();
  });

  it('opens the status with the typed code without JavaScript, keeps it across reloads, and forgets it on request', async () => {
    const { context, page } = await newPage(false);
    // Without a script the link's fragment cannot be read: the page offers the code instead.
    await page.goto(linkIn(await mailText('RECEIVED'), 'status'));
    await page.getByRole('button', { name: 'Show the status' }).click();
    await expect
      .poll(() => summaryItems(page))
      .toEqual(['Enter the reference from the email, like DR-2026-7K3Q9.', 'Enter the status code from the email.']);
    await page.getByLabel('Reference').fill(reference.toLowerCase());
    await page.getByLabel('Status code').fill(codeIn(await mailText('RECEIVED')).toLowerCase());
    await page.getByRole('button', { name: 'Show the status' }).click();
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    expect(await page.getByRole('heading', { name: `Request ${reference}` }).isVisible()).toBe(true);
    await page.reload();
    expect(await page.getByRole('heading', { name: `Request ${reference}` }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Forget this request on this device' }).click();
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    expect(await page.getByLabel('Status code').isVisible()).toBe(true);
    await context.close();
  });

  it('reports both empty fields of the status code form at once', async () => {
    const { context, page } = await newPage(true);
    await page.goto(`${site.base}${STATUS_PATH}`);
    await page.getByRole('button', { name: 'Show the status' }).click();
    await expect.poll(() => summaryItems(page)).toHaveLength(2);
    await lookedAt(page, 'requester-status-code-errors');
    await context.close();
  });

  it('shows the completed request with its receipt', async () => {
    const actor = { principal: systemPrincipal('test'), request: { requestId: null, ip: null, userAgent: null } };
    const current = await database.db
      .selectFrom('deletion_request')
      .select('version')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    await applyStaffAction(services, actor, requestId, current.version, {
      action: 'COMPLETE',
      summary: 'Account, profile and order history',
      systems: ['accounts', 'orders'],
    });
    const { context, page } = await newPage(true);
    await page.goto(linkIn(await mailText('RECEIVED'), 'status'));
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    await expect.poll(() => page.getByRole('link', { name: 'Download receipt' }).isVisible()).toBe(true);
    expect(await page.locator('.policy-organization').textContent()).toBe('LeenOps');
    // The page script writes each step's date in the reader's own zone, in words like the page's other dates, from its datetime.
    const completedOn = page.locator('.status-progress time').last();
    const { at, zone } = await completedOn.evaluate((time: HTMLTimeElement) => ({
      at: time.dateTime,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }));
    await expect.poll(() => completedOn.textContent()).toBe(dateInWords(at, zone));
    await page.getByText('For experts: check a receipt with OpenSSL').click();
    await lookedAt(page, 'requester-status-completed');
    await context.close();
  });
});
