// The words a requester reads, in real Chromium: the organization page
// offers the request form for every kind (a copy, a correction, deletion) and
// calls its figures privacy requests, as the received, confirmed and
// transparency pages do; the status page of a request for a copy
// says what its receipt states and proves without speaking of deletion; and
// the progress line and history read their dates in words ("21 November
// 2026") in the reader's time zone with JavaScript, as the server writes them
// in UTC without it. Axe finds nothing at both widths in both colour schemes;
// each page is photographed (test-artifacts/screenshots/requester-wording-*).
import { systemPrincipal } from '@governance/api/auth/principal';
import { applyStaffAction } from '@governance/api/deletion-requests/staff-actions.service';
import { verifyDeletionRequest } from '@governance/api/deletion-requests/verification.service';
import { sealPackage } from '@governance/api/privacy-packages/packages.service';
import { dateInWords, momentInWords } from '@governance/policies/vocabulary/words';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiOver } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { outboxMail, submitForTest } from '../../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization } from '../../helpers/staff.ts';

const STATUS_PATH = '/leenops/privacy-request/status/';
const READER_ZONE = 'America/Los_Angeles';
const NO_REQUEST = { requestId: null, ip: null, userAgent: null };

let opened: BrowserSite;
let statusLink = '';

beforeAll(async () => {
  opened = await openBrowserSite();
  const { services } = opened;
  await createOrganization(opened.database.db, 'leenops', 'LeenOps');
  services.publicUrl = opened.base;
  // A request for a copy only, confirmed, worked, answered with a sealed package and completed by staff.
  const api = testApiOver(services);
  const request = await submitForTest(api, { organization: 'leenops', kinds: ['ACCESS'] });
  await verifyDeletionRequest(services, request.verificationToken, NO_REQUEST);
  const actor = { principal: systemPrincipal('test'), request: NO_REQUEST };
  await applyStaffAction(services, actor, request.id, 2, { action: 'START' });
  await sealPackage(services, actor, request.id, [
    { category: 'Account', system: 'Accounts database', fields: [{ name: 'Email', value: request.email }] },
  ]);
  // Sealing moves the request on a version.
  const { version } = await opened.database.db
    .selectFrom('deletion_request')
    .select('version')
    .where('id', '=', request.id)
    .executeTakeFirstOrThrow();
  await applyStaffAction(services, actor, request.id, version, {
    action: 'COMPLETE',
    summary: 'A copy of your account and orders, sent through this page',
    systems: ['accounts'],
  });
  const [received] = await outboxMail(api, request.email, 'RECEIVED');
  statusLink = /https?:\/\/\S+\/privacy-request\/status\/#token=[\w-]+/.exec(received?.body_text ?? '')?.[0] ?? '';
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

async function lookedAt(page: Page, name: string): Promise<void> {
  expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
  await screenshots(page, name);
}

/** Each dated element's text beside its machine-readable instant. */
const datesOn = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((times) => times.map((time) => ({ at: time.getAttribute('datetime') ?? '', text: time.textContent ?? '' })));

describe('the words a requester reads', { timeout: 300_000 }, () => {
  it("offers the organization's request form for a copy, a correction or deletion, and its figures as privacy requests", async () => {
    const { context, page } = await opened.newPage();
    await page.goto(`${opened.base}/leenops/`);
    const personalData = page.getByRole('list').filter({ has: page.getByRole('link', { name: /in figures/ }) });
    expect((await personalData.getByRole('link').allTextContents()).slice(0, 2)).toEqual([
      'Ask LeenOps for a copy of your data, to correct it or to delete it',
      'Privacy requests to LeenOps, in figures',
    ]);
    expect(await page.getByText('Ask LeenOps to delete your personal data').count()).toBe(0);
    await lookedAt(page, 'requester-wording-organization');
    await context.close();
  });

  it('calls the request a privacy request on the received and confirmed pages, and offers the form for every kind beside the figures', async () => {
    const { context, page } = await opened.newPage();
    await page.goto(`${opened.base}/leenops/privacy-request/received/`);
    expect(await page.locator('.panel p').first().textContent()).toBe('LeenOps received your privacy request.');
    await lookedAt(page, 'requester-wording-received');
    await page.goto(`${opened.base}/leenops/privacy-request/verify/confirmed/`);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(
      'The email address of your privacy request to LeenOps is confirmed.',
    );
    await lookedAt(page, 'requester-wording-confirmed');
    await page.goto(`${opened.base}/leenops/transparency/`);
    const formLink = page.getByRole('link', { name: 'Ask LeenOps for a copy of your data, to correct it or to delete it' });
    expect(await formLink.getAttribute('href')).toBe('/leenops/privacy-request/');
    await lookedAt(page, 'requester-wording-transparency');
    await context.close();
  });

  it("explains the receipt of a request for a copy by what it proves, never by a deletion, and dates the progress in words in the reader's zone", async () => {
    const { context, page } = await opened.newPage({ timezoneId: READER_ZONE, locale: 'en-US' });
    await page.goto(statusLink);
    await page.waitForURL(`${opened.base}${STATUS_PATH}`);
    await page.getByRole('heading', { name: 'What was done' }).waitFor();
    const checking = await page.locator('h2:text-is("Checking a receipt") + p').textContent();
    expect(checking).toContain('if you ever need to prove that you were given a copy of your data, it is your evidence');
    expect(checking).not.toMatch(/delet/i);
    expect(await page.locator('.status-receipt').textContent()).not.toMatch(/delet/i);
    expect(await page.locator('.status-history').textContent()).not.toMatch(/delet/i);

    // The page script rewrote every date for Los Angeles, in the words the server uses.
    const steps = await datesOn(page, '.status-progress time, .status-facts time');
    expect(steps.map(({ text }) => text)).toEqual(steps.map(({ at }) => dateInWords(at, READER_ZONE)));
    const moments = await datesOn(page, '.status-history time');
    expect(moments.length).toBeGreaterThan(0);
    expect(moments.map(({ text }) => text)).toEqual(moments.map(({ at }) => momentInWords(at, READER_ZONE)));
    await lookedAt(page, 'requester-wording-status-copy');

    // Without JavaScript the same page says the same dates in the same words, in UTC.
    const { context: noScript, page: plain } = await opened.newPage({ javaScriptEnabled: false });
    await noScript.addCookies(await context.cookies());
    await plain.goto(`${opened.base}${STATUS_PATH}`);
    const plainSteps = await datesOn(plain, '.status-progress time, .status-facts time');
    expect(plainSteps.map(({ text }) => text)).toEqual(steps.map(({ at }) => dateInWords(at)));
    expect((await datesOn(plain, '.status-history time')).map(({ text }) => text)).toEqual(moments.map(({ at }) => momentInWords(at)));
    await noScript.close();
    await context.close();
  });
});
