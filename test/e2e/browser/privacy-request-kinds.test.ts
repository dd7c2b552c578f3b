// A person asks for a copy of their data and a machine-readable copy on the
// public form, without JavaScript and with it; staff find both requests in
// the queue filtered by kind, and the request page lists its kinds.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueViewUrl } from '../../../portal/src/dashboard/queue-view.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff } from '../../helpers/staff.ts';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, browser } = opened);
  await createOrganization(database.db, 'leenops');
  await createStaff(database, 'officer@leenops.test', { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  const services = opened.services;
  services.publicUrl = site.base;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await opened?.close();
});

/** Fills the form asking for a copy and a machine-readable copy (not deletion), and sends it. */
async function askForCopies(page: Page, email: string): Promise<string> {
  await page.getByLabel('Delete my data').uncheck();
  await page.getByLabel('Send me a copy of my data').check();
  await page.getByLabel('Send it in a machine-readable form').check();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('EU/UK GDPR').check();
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.waitForURL(/\/leenops\/privacy-request\/received\//);
  return new URL(page.url()).searchParams.get('reference') ?? '';
}

const kindsOf = async (reference: string) =>
  await database.db.selectFrom('deletion_request').select(['id', 'kinds']).where('reference', '=', reference).executeTakeFirstOrThrow();

describe('a request for a copy of one’s data, from the form to the staff queue', () => {
  const references: string[] = [];

  it('is made on the form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/privacy-request/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Ask \S+ about your personal data$/);
    // A fresh form asks for deletion, as the links to it say; the correction place shows only with its choice.
    expect(await page.getByLabel('Delete my data').isChecked()).toBe(true);
    const correctionItems = page.getByRole('group', { name: 'What should be corrected' });
    expect(await correctionItems.isVisible()).toBe(false);
    await page.getByLabel('Correct something').check();
    expect(await correctionItems.isVisible()).toBe(true);
    await page.getByLabel('Correct something').uncheck();
    const reference = await askForCopies(page, 'no-script@example.com');
    expect((await kindsOf(reference)).kinds).toEqual(['ACCESS', 'PORTABILITY']);
    references.push(reference);
    await context.close();
  });

  it('is refused without JavaScript when nothing is ticked, naming the choice', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/privacy-request/`);
    await page.getByLabel('Delete my data').uncheck();
    await page.getByLabel('Email address').fill('nothing@example.com');
    await page.getByLabel('Full name').fill('Nobody');
    await page.getByLabel('EU/UK GDPR').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary a[href="#kind-deletion"]').textContent()).toBe(
      'Choose at least one thing you want us to do.',
    );
    await context.close();
  });

  it('is made on the form with JavaScript', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/privacy-request/`);
    // axe runs in the page, so the form is checked here, where scripts run; it is the same markup.
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'privacy-request-kinds-form');
    const reference = await askForCopies(page, 'with-script@example.com');
    expect((await kindsOf(reference)).kinds).toEqual(['ACCESS', 'PORTABILITY']);
    references.push(reference);
    await context.close();
  });

  it('shows staff both in the queue filtered by kind, and the kinds on the request page', async () => {
    const context = await browser.newContext({ storageState: await opened.signedIn('officer@leenops.test') });
    const page = await context.newPage();
    const queue = queueViewUrl('leenops', { status: 'ANY', kind: 'PORTABILITY' });
    await page.goto(`${site.base}${queue}`);
    for (const reference of references) await page.getByRole('link', { name: reference }).waitFor();
    expect(await page.locator('select[name="kind"]').inputValue()).toBe('PORTABILITY');
    await screenshots(page, 'privacy-request-kinds-queue');

    await page.getByRole('link', { name: references[0] }).click();
    const checklist = page.getByRole('region', { name: 'What the person asked for' });
    await checklist.waitFor();
    expect(await checklist.getByRole('listitem').allTextContents()).toEqual(['AccessTo do', 'PortabilityTo do']);
    expect(await checklist.textContent()).toContain('No other request from this person in the 12 months up to this one.');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'privacy-request-kinds-request');
    await context.close();
  });
});
