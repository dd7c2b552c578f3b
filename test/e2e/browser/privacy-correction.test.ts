// A correction request end to end in real Chromium: a person asks for two
// corrections on the form (a blank row between them is ignored); staff decide both on the request page (one corrected, one not,
// with the reason: first sent without it, and every problem shows at once),
// hear the save confirmed, and complete the request; the person reads each
// decision and whom the organization told on their status page. Axe finds
// nothing on the decisions panel (with and without errors) or on the status
// page, at both widths in both schemes; each state is photographed
// (test-artifacts/screenshots/privacy-correction-*).
import { verifyDeletionRequest } from '@governance/api/deletion-requests/verification.service';
import { requestDetailUrl } from '@governance/policies/vocabulary/urls';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createTestServices } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff } from '../../helpers/staff.ts';

const OFFICER = 'olive@leenops.test';
const REQUESTER = 'ada@example.com';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;
let requestId = '';
let reference = '';
let servicesForTest: ReturnType<typeof createTestServices>;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, browser } = opened);
  await createOrganization(database.db, 'leenops');
  await createStaff(database, OFFICER, { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  const services = opened.services;
  services.publicUrl = site.base;
  servicesForTest = services;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await opened?.close();
});

async function mailText(kind: 'VERIFICATION' | 'RECEIVED'): Promise<string> {
  const row = await database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', REQUESTER)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return row.body_text ?? '';
}

const statusLink = async () => /https?:\/\/\S+\/privacy-request\/status\/#token=[\w-]+/.exec(await mailText('RECEIVED'))?.[0] ?? '';

/** Opens the dashboard signed in as the officer (a session made once per file, through the API). */
async function signIn(page: Page): Promise<void> {
  await opened.signInto(page.context(), OFFICER);
  await page.goto(`${site.base}/dashboard/`);
}

const announced = (page: Page, text: RegExp) => page.getByRole('status').filter({ hasText: text });

describe('a correction request', { timeout: 300_000 }, () => {
  it('is asked for item by item on the form, blank rows ignored', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/privacy-request/`);
    await page.getByLabel('Delete my data').uncheck();
    await page.getByLabel('Correct something').check();
    const items = page.getByRole('group', { name: 'What should be corrected' });
    // Asking for a correction without saying what: refused with the other answers, nothing sent.
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect
      .poll(() => page.locator('.error-summary li').allTextContents())
      .toContain('Say what should be corrected: fill in at least one item.');
    const row = (index: number) => items.getByRole('group', { name: `Item ${index}` });
    await row(1).getByLabel('What is wrong').fill('Postal address');
    await row(1).getByLabel('What it says now (optional)').fill('12 Old Road, Leeds');
    await row(1).getByLabel('What it should say').fill('40 New Street, York');
    await row(1).getByLabel('Why (optional)').fill('I moved in May.');
    // The second row left blank; the third is the second item.
    await row(3).getByLabel('What is wrong').fill('Date of birth');
    await row(3).getByLabel('What it says now (optional)').fill('1 January 1990');
    await row(3).getByLabel('What it should say').fill('1 October 1990');
    await page.getByLabel('Email address').fill(REQUESTER);
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('EU/UK GDPR').check();
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'privacy-correction-form');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/privacy-request\/received\//);
    await context.close();

    const stored = await database.db
      .selectFrom('deletion_request')
      .innerJoin('privacy_request_correction', 'privacy_request_correction.request_id', 'deletion_request.id')
      .select(['deletion_request.id', 'deletion_request.reference', 'field', 'proposed_value'])
      .where('email', '=', REQUESTER)
      .orderBy('position')
      .execute();
    expect(stored.map((item) => [item.field, item.proposed_value])).toEqual([
      ['Postal address', '40 New Street, York'],
      ['Date of birth', '1 October 1990'],
    ]);
    requestId = stored[0]?.id ?? '';
    reference = stored[0]?.reference ?? '';
    const token = /#token=(drv_[\w-]+)/.exec(await mailText('VERIFICATION'))?.[1] ?? '';
    await verifyDeletionRequest(servicesForTest, token, { requestId: null, ip: null, userAgent: null });
  });

  it('is decided item by item by staff, completed, and read decision by decision by the person', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${site.base}${requestDetailUrl('leenops', requestId)}`);
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start work' }).click();
    await expect.poll(() => actions.getByRole('button').first().textContent()).toBe('Complete');

    const panel = page.getByRole('region', { name: 'Corrections asked for' });
    const first = panel.getByRole('group', { name: 'Item 1: Postal address' });
    const second = panel.getByRole('group', { name: 'Item 2: Date of birth' });
    expect(await first.textContent()).toContain('40 New Street, York');
    // Completing before deciding is not offered: the dialog names each undecided item before any click.
    await actions.getByRole('button', { name: 'Complete' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('note').textContent()).toContain('Decide correction item 1 ("Postal address")');
    expect(await dialog.getByRole('note').textContent()).toContain('Decide correction item 2 ("Date of birth")');
    expect(await dialog.getByRole('button', { name: 'Complete', exact: true }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // One corrected, one not: sent first without the reason the requester must be told.
    await first.getByLabel('Corrected', { exact: true }).check();
    await second.getByLabel('Not corrected').check();
    await panel.getByRole('button', { name: 'Save decisions' }).click();
    const problems = panel.getByRole('alert');
    await expect.poll(() => problems.textContent()).toContain('Say why item 2 ("Date of birth") was not corrected.');
    expect(await second.getByLabel(/^Reason/).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'privacy-correction-decisions-errors');

    await second.getByLabel(/^Reason/).fill('The passport you sent shows 1 January 1990.');
    await panel.getByLabel('Others (one per line)').fill('Mailchimp (newsletters)');
    await panel.getByRole('button', { name: 'Save decisions' }).click();
    await expect.poll(() => announced(page, /Every item is decided/).count()).toBe(1);
    await expect.poll(() => first.textContent()).toContain('Decided by');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'privacy-correction-decisions-saved');

    await actions.getByRole('button', { name: 'Complete' }).click();
    await dialog.getByLabel('What was done').fill('The postal address was corrected');
    await dialog.getByLabel('In which systems (one per line)').fill('crm');
    await dialog.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => announced(page, new RegExp(`${reference} is completed`)).count()).toBe(1);
    await context.close();

    // The person opens the status link from the mail.
    const requester = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const status = await requester.newPage();
    await status.goto(await statusLink());
    const corrections = status.getByRole('region', { name: 'Your corrections' });
    await corrections.waitFor();
    const items = await corrections.getByRole('listitem').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Postal address');
    expect(items[0]).toContain('Corrected');
    expect(items[1]).toContain('Date of birth');
    expect(items[1]).toContain('Not corrected');
    expect(items[1]).toContain('The passport you sent shows 1 January 1990.');
    expect(await corrections.textContent()).toContain('Mailchimp (newsletters)');
    // Field names and decisions only: the values the person wrote are not repeated on the page.
    expect(await status.locator('main').textContent()).not.toContain('40 New Street');
    expect(await axeViolationsAtEveryWidthAndScheme(status)).toEqual([]);
    await screenshots(status, 'privacy-correction-status');
    await requester.close();
  });
});
