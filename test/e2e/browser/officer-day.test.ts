// The day of a privacy officer in a real browser, at 1280 and 390 px: sign
// in, see your assigned, overdue, soon-due and unconfirmed work on the
// overview with counts, open it from there (the address carries the filter
// and the back button restores the view), act on a request and hear what
// the action did. Axe finds nothing on the overview, the queue and the
// request page at either width in either colour scheme, and each screen and
// state is photographed.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, testApiOver } from '../../helpers/api.ts';
import { axeViolations, axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite, type PageOptions } from '../../helpers/browser-site.ts';
import { movableClock } from '../../helpers/clock.ts';
import { submitForTest } from '../../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff, signIn as signInByApi } from '../../helpers/staff.ts';

const DAY = 86_400_000;
const OFFICER = 'olive@leenops.test';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
/** The requests of the day, by what they are waiting for. */
const requests: Record<'overdue' | 'dueSoon' | 'unassignedSoon' | 'unconfirmed' | 'cancelled', { id: string; reference: string }> =
  {} as never;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site } = opened);
  await createOrganization(database.db, 'leenops', 'LeenOps');
  const officerId = await createStaff(database, OFFICER, { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  await createStaff(database, 'admin@leenops.test', { organization: 'leenops', role: 'ADMIN' });
  // People show by name: the officer has one.
  await database.db.updateTable('app_user').set({ name: 'Olive Officer' }).where('id', '=', officerId).execute();

  // Requests that arrived weeks ago, worked through the API at that time.
  const clock = movableClock(new Date(Date.now() - 40 * DAY).toISOString());
  const past = testApiOver(createTestServices(database, clock));
  const act = async (cookie: string, mutation: string, id: string, args: string) => {
    const read = await past.query<{ deletionRequest: { version: number } }>(
      'query ($id: ID!) { deletionRequest(id: $id) { version } }',
      { id },
      { cookie },
    );
    const version = read.data?.deletionRequest.version;
    const response = await past.query<Record<string, { __typename: string }>>(
      `mutation ($id: ID!, $version: Int!) { ${mutation}(id: $id, version: $version, ${args}) { __typename } }`,
      { id, version },
      { cookie },
    );
    if (!response.data?.[mutation]?.__typename.endsWith('Success')) throw new Error(`${mutation}: ${JSON.stringify(response)}`);
  };
  // 40 days ago: a GDPR request (a month: overdue now) and a CCPA one (45 days: due in 5), both given to the officer.
  requests.overdue = await submitForTest(past, { organization: 'leenops', jurisdiction: 'GDPR' });
  requests.dueSoon = await submitForTest(past, { organization: 'leenops', jurisdiction: 'CCPA' });
  requests.cancelled = await submitForTest(past, { organization: 'leenops', jurisdiction: 'GDPR' });
  let officer = await signInByApi(past, OFFICER);
  for (const request of [requests.overdue, requests.dueSoon]) {
    await act(officer, 'verifyDeletionRequestManually', request.id, 'reason: "Checked by phone"');
    await act(officer, 'assignDeletionRequest', request.id, `assignee: "${officerId}"`);
  }
  await act(officer, 'cancelDeletionRequest', requests.cancelled.id, 'reason: "Withdrawn by the requester"');
  // 26 days ago: a GDPR request due in about 5 days, confirmed but given to nobody.
  clock.advance(14 * DAY);
  officer = await signInByApi(past, OFFICER);
  requests.unassignedSoon = await submitForTest(past, { organization: 'leenops', jurisdiction: 'GDPR' });
  await act(officer, 'verifyDeletionRequestManually', requests.unassignedSoon.id, 'reason: "Checked by phone"');
  // Today: a request whose address is not confirmed yet.
  requests.unconfirmed = await submitForTest(testApiOver(opened.services), { organization: 'leenops', jurisdiction: 'GDPR' });
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

/** The dashboard's overview, signed in as `email` (a session made once per file, through the API). */
async function overviewAs(email: string, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const opening = await opened.newPage({ as: email, ...options });
  await opening.page.goto(`${site.base}/dashboard/`);
  return opening;
}

/** The overview's card for `label`: its count and where it leads. */
async function card(page: Page, label: string): Promise<{ count: number; href: string }> {
  const link = page.getByRole('link', { name: new RegExp(`^\\d+ ${label}$`) });
  await link.waitFor();
  const text = (await link.textContent()) ?? '';
  return { count: Number(/^\d+/.exec(text)?.[0]), href: (await link.getAttribute('href')) ?? '' };
}

const queueRows = (page: Page) => page.getByRole('table', { name: /Requests, soonest due first/ }).locator('tbody tr');

/** Whether the page as a whole scrolls sideways. */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

const announced = (page: Page, text: RegExp) => page.getByRole('status').filter({ hasText: text });

// Axe and screenshots at two widths in two colour schemes take a minute or more per page on a busy machine.
const WITH_AXE_TIMEOUT_MS = 240_000;

describe('the day of a privacy officer', () => {
  it('starts from the work: assigned, overdue, due soon and unconfirmed, each with its count', {
    timeout: WITH_AXE_TIMEOUT_MS,
  }, async () => {
    const { context, page } = await overviewAs(OFFICER);
    expect(await card(page, 'Assigned to me')).toMatchObject({ count: 2 });
    expect(await card(page, 'Overdue')).toEqual({ count: 1, href: '/dashboard/requests/?org=leenops&overdue=1' });
    expect(await card(page, 'Due within 7 days')).toEqual({ count: 2, href: '/dashboard/requests/?org=leenops&due=7' });
    expect(await card(page, 'Unconfirmed')).toEqual({ count: 1, href: '/dashboard/requests/?org=leenops&status=UNVERIFIED' });
    expect(await page.getByText('There is nothing for your role here yet').count()).toBe(0);
    // Headed by the organization's name, as people know it, not its slug.
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('LeenOps');
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'officer-overview');

    // Opened from there, the queue shows what the card counted, and the address says so.
    await page.getByRole('link', { name: /^\d+ Overdue$/ }).click();
    await page.waitForURL(/overdue=1/);
    await expect.poll(() => queueRows(page).count()).toBe(1);
    expect(await queueRows(page).textContent()).toContain(requests.overdue.reference);
    expect(await page.getByLabel('Overdue').isChecked()).toBe(true);

    // Another filter is another address; back returns to the one before, forward again.
    await page.getByLabel('Overdue').uncheck();
    await page.getByLabel('Due within 7 days').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/\?org=leenops&due=7$/);
    await expect.poll(() => queueRows(page).count()).toBe(2);
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'officer-queue-due-soon');
    await page.goBack();
    await page.waitForURL(/\?org=leenops&overdue=1$/);
    await expect.poll(() => queueRows(page).count()).toBe(1);
    expect(await page.getByLabel('Overdue').isChecked()).toBe(true);
    expect(await page.getByLabel('Due within 7 days').isChecked()).toBe(false);
    await page.goBack();
    await page.waitForURL(`${site.base}/dashboard/`);
    await context.close();
  });

  it('shows open requests by default, closed ones one filter away, and status counts that are links', async () => {
    const { context, page } = await overviewAs(OFFICER);
    await page.goto(`${site.base}/dashboard/requests/?org=leenops`);
    await expect.poll(() => queueRows(page).count()).toBe(4);
    expect(await page.getByRole('table').textContent()).not.toContain(requests.cancelled.reference);
    expect(await page.locator('select[name="status"]').inputValue()).toBe('');
    const cancelled = page.getByRole('list', { name: 'Requests per status' }).getByRole('link', { name: /Cancelled/ });
    expect(await cancelled.textContent()).toBe('1 Cancelled');
    await cancelled.click();
    await page.waitForURL(/status=CANCELLED/);
    await expect.poll(() => queueRows(page).count()).toBe(1);
    // The form shows the view the address holds (Preact gives a select no defaultValue: options carry `selected`).
    expect(await page.locator('select[name="status"]').inputValue()).toBe('CANCELLED');
    expect(await queueRows(page).textContent()).toContain(requests.cancelled.reference);
    await page.locator('select[name="status"]').selectOption({ label: 'Any status' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=any/);
    await expect.poll(() => queueRows(page).count()).toBe(5);
    await context.close();
  });

  it('works a request from its page: one next step, the rest beside it or in a menu, every field error at once, a spoken confirmation', {
    timeout: WITH_AXE_TIMEOUT_MS,
  }, async () => {
    const { context, page } = await overviewAs(OFFICER);
    await page.getByRole('link', { name: /^\d+ Assigned to me$/ }).click();
    await page.waitForURL(/assignee=me/);
    await expect.poll(() => page.locator('select[name="assignee"]').inputValue()).toBe('me');
    await page.getByRole('link', { name: requests.overdue.reference }).click();
    await page.waitForURL(/\/dashboard\/requests\/detail\//);
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button').first().waitFor();
    // Verified: the next step is to start; the only primary button on the page.
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Start work', 'Assign', 'Add a note', 'More actions ▾']);
    expect(await page.getByText('Assignee', { exact: true }).locator('xpath=following-sibling::dd[1]').textContent()).toBe('Olive Officer');
    expect(await page.getByRole('heading', { name: 'Timeline' }).locator('xpath=..').textContent()).toContain(
      'Olive Officer took on the request.',
    );
    expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    await screenshots(page, 'officer-request');
    // Assigning again starts from the person assigned now, not from "Nobody".
    await actions.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.locator('#action-field-assignee option:checked').textContent()).toBe('Olive Officer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#action-field-assignee').count()).toBe(0);

    await actions.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start work' }).click();
    await expect.poll(() => announced(page, new RegExp(`^Work on ${requests.overdue.reference} started\\.$`)).count()).toBe(1);
    await expect.poll(() => actions.getByRole('button').first().textContent()).toBe('Complete');

    // Completing with nothing filled in: both problems at once, each beside its field, the first one focused.
    await actions.getByRole('button', { name: 'Complete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Complete' }).click();
    const summary = dialog.getByLabel('What was deleted');
    await expect.poll(() => summary.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByLabel('From which systems (one per line)').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.dash-field-error').allTextContents()).toEqual([
      'What was deleted is required.',
      'Name at least one system the data was deleted from.',
    ]);
    expect(await summary.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await summary.evaluate((field) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent)).toBe(
      'What was deleted is required.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'officer-request-field-errors');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('on a phone: no sideways scroll, the queue as cards, every action reachable; extends a CCPA deadline and hears the new date', async () => {
    const { context, page } = await overviewAs(OFFICER, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await card(page, 'Due within 7 days');
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('link', { name: /^\d+ Due within 7 days$/ }).click();
    await page.waitForURL(/due=7/);
    await expect.poll(() => queueRows(page).count()).toBe(2);
    expect(await scrollsSideways(page)).toBe(false);
    // Each row is a box of its own, its values under their headings.
    const row = queueRows(page).filter({ hasText: requests.dueSoon.reference });
    expect(await row.evaluate((element) => getComputedStyle(element).display)).toBe('block');
    await screenshots(page, 'officer-queue-phone');
    await row.getByRole('link', { name: requests.dueSoon.reference }).click();
    await page.waitForURL(/\/dashboard\/requests\/detail\//);
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: /^More actions/ }).click();
    expect(await page.getByRole('list', { name: 'More actions' }).getByRole('button').allTextContents()).toEqual([
      'Put on hold',
      'Extend the deadline',
      'Reject',
      'Cancel the request',
    ]);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshots(page, 'officer-request-more-actions');

    // A CCPA clock never stops: the hold says so, rather than promising a GDPR pause.
    await page.getByRole('button', { name: 'Put on hold' }).click();
    const hold = page.getByRole('dialog');
    expect(await hold.getByLabel('Waiting for').locator('option').allTextContents()).toEqual([
      'Proof of identity (the deadline keeps running)',
      'Other information from the requester (the deadline keeps running)',
    ]);
    await page.keyboard.press('Escape');
    await hold.waitFor({ state: 'hidden' });

    await actions.getByRole('button', { name: /^More actions/ }).click();
    await page.getByRole('button', { name: 'Extend the deadline' }).click();
    const extend = page.getByRole('dialog');
    await extend.getByLabel(/By how many days/).fill('10');
    await extend.getByLabel('Reason (the requester is told)').fill('Backups are restored weekly.');
    await extend.getByRole('button', { name: 'Extend the deadline' }).click();
    await extend.waitFor({ state: 'hidden' });
    const stored = await database.db
      .selectFrom('deletion_request')
      .select('due_at')
      .where('id', '=', requests.dueSoon.id)
      .executeTakeFirstOrThrow();
    const newDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      stored.due_at,
    );
    await expect
      .poll(() => announced(page, /^Deadline extended to/).textContent())
      .toBe(`Deadline extended to ${newDate}. The requester was told why.`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Timeline' }).locator('xpath=..').textContent())
      .toContain('Olive Officer extended the deadline by 10 days: Backups are restored weekly.');
    expect(await scrollsSideways(page)).toBe(false);
    await screenshots(page, 'officer-request-extended');
    await context.close();
  });
});

describe("an admin's overview", () => {
  it('shows the deletion requests waiting, as a privacy officer sees them', async () => {
    const { context, page } = await overviewAs('admin@leenops.test');
    expect(await card(page, 'Assigned to me')).toMatchObject({ count: 0 });
    expect(await card(page, 'Overdue')).toMatchObject({ count: 1 });
    await screenshots(page, 'admin-overview');
    await context.close();
  });
});
