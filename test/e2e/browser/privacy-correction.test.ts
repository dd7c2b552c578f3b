// A correction request end to end in real Chromium: a person asks for two
// corrections; staff decide both on the request page (one corrected, one not,
// with the reason: first sent without it, and every problem shows at once),
// hear the save confirmed, and complete the request; the person reads each
// decision and whom the organization told on their status page. Axe finds
// nothing on the decisions panel (with and without errors) or on the status
// page, at both widths in both schemes; each state is photographed
// (test-artifacts/screenshots/privacy-correction-*).
import { submitPrivacyRequest } from '@governance/api/deletion-requests/intake.service';
import { verifyDeletionRequest } from '@governance/api/deletion-requests/verification.service';
import { systemClock } from '@governance/api/shared/clock';
import { requestDetailUrl } from '@governance/policies/vocabulary/urls';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../../helpers/api.ts';
import {
  axeViolationsAtEveryWidthAndScheme,
  BUILD_TIMEOUT,
  launchChromium,
  type RunningSite,
  screenshots,
  serveSite,
} from '../../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { seedPortal } from '../../helpers/seed-portal.ts';
import { createOrganization, createStaff, PASSWORD } from '../../helpers/staff.ts';

const OFFICER = 'olive@leenops.test';
const REQUESTER = 'ada@example.com';

let database: TestDatabase;
let site: RunningSite;
let browser: Browser;
let requestId = '';
let reference = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'leenops');
  await createStaff(database, OFFICER, { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  const services = createTestServices(database, systemClock);
  site = await serveSite(services, await seedPortal());
  services.publicUrl = site.base;
  // The person's request, as the form sends it, confirmed from the mailed link.
  const submitted = await submitPrivacyRequest(
    services,
    {
      organization: 'leenops',
      kinds: ['CORRECTION'],
      idempotencyKey: `privacy-correction-${process.pid}`,
      email: REQUESTER,
      name: 'Ada Lovelace',
      jurisdiction: 'GDPR',
      corrections: [
        { field: 'Postal address', currentValue: '12 Old Road, Leeds', proposedValue: '40 New Street, York', reason: 'I moved in May.' },
        { field: 'Date of birth', currentValue: '1 January 1990', proposedValue: '1 October 1990' },
      ],
    },
    { requestId: null, ip: null, userAgent: null },
  );
  if (!submitted.secrets) throw new Error('a fresh request returned an earlier one');
  requestId = submitted.request.id;
  reference = submitted.request.reference;
  await verifyDeletionRequest(services, submitted.secrets.verificationToken, { requestId: null, ip: null, userAgent: null });
  browser = await launchChromium();
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await database?.drop();
});

async function statusLink(): Promise<string> {
  const row = await database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', REQUESTER)
    .where('kind', '=', 'RECEIVED')
    .executeTakeFirstOrThrow();
  return /https?:\/\/\S+\/privacy-request\/status\/#token=[\w-]+/.exec(row.body_text ?? '')?.[0] ?? '';
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${site.base}/dashboard/sign-in/`);
  await page.getByLabel('Email').fill(OFFICER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${site.base}/dashboard/`);
}

const announced = (page: Page, text: RegExp) => page.getByRole('status').filter({ hasText: text });

describe('a correction request', { timeout: 300_000 }, () => {
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
    // Completing before deciding is refused, naming the item.
    await actions.getByRole('button', { name: 'Complete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What was deleted').fill('Nothing deleted: the address was corrected');
    await dialog.getByLabel('From which systems (one per line)').fill('crm');
    await dialog.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Decide correction item 1 ("Postal address")');
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
    await dialog.getByLabel('What was deleted').fill('The postal address was corrected');
    await dialog.getByLabel('From which systems (one per line)').fill('crm');
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
