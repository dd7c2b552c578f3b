// A deletion request from end to end in a real browser, against the site as
// production serves it (trusted documents, CSP) with mail going through a
// real SMTP server: the requester submits the public form and confirms
// through the mailed link; an officer finds the request in the queue,
// assigns, extends and completes it; the requester's status page offers the
// signed receipt; the auditor sees every step and the chain verifies; a
// viewer is offered no action and the API refuses one anyway. Then retention:
// an officer adds and edits a setting with its reason, reads its history and
// runs a dry sweep, and the public retention page shows the edit at once,
// without a rebuild.

import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { receiptSignatureValid } from '@governance/api/deletion-requests/receipt';
import { loadTrustedDocuments } from '@governance/api/graphql/trusted-documents';
import { startMailDelivery } from '@governance/api/jobs/mail-delivery';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import type { SignedReceiptJson } from '@governance/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { eventually } from '../../helpers/eventually.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff } from '../../helpers/staff.ts';
import { startSmtpServer, type TestSmtpServer } from '../../mail/smtp.ts';

const REQUESTER = 'ada@example.com';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;
let smtp: TestSmtpServer;
let mail: { close(): Promise<void> };
let services: BrowserSite['services'];

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, browser, services } = opened);
  await createOrganization(database.db, 'leenops');
  await createStaff(database, 'officer@leenops.test', { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  await createStaff(database, 'auditor@leenops.test', { organization: 'leenops', role: 'AUDITOR' });
  await createStaff(database, 'viewer@leenops.test', { organization: 'leenops', role: 'VIEWER' });
  smtp = await startSmtpServer();
  mail = await startMailDelivery({
    db: database.db,
    databaseUrl: database.url,
    clock: systemClock,
    logger: createLogger('silent'),
    mail: { smtpUrl: smtp.url, from: 'LeenOps privacy <privacy@leenops.test>', directory: path.join(tmpdir(), 'unused-mail') },
  });
  // The links in mail point at this site.
  services.publicUrl = site.base;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await mail?.close();
  await smtp?.stop();
  await opened?.close();
});

/** The text of the latest message to `to` whose subject starts with `subject` (quoted-printable decoded). */
async function mailText(to: string, subject: string): Promise<string> {
  const find = () => smtp.received.findLast((message) => message.to.includes(to) && (message.header('subject') ?? '').startsWith(subject));
  // eventually's generous default: the delivery job wakes on the outbox's notification, or at its next poll
  // (every 10 s) for a message queued while it was still starting to listen, as the first test's may be.
  await eventually(() => find() !== undefined);
  return (find()?.body ?? '')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function linkIn(text: string, page: 'verify' | 'status'): string {
  const link = new RegExp(`https?://\\S+/privacy-request/${page}/#token=[\\w-]+`).exec(text)?.[0];
  if (!link) throw new Error(`no ${page} link in:\n${text}`);
  return link;
}

/** Opens `next` signed in as `email` (a session made once per file, through the API). */
async function signIn(page: Page, email: string, next: string): Promise<void> {
  await opened.signInto(page.context(), email);
  await page.goto(`${site.base}${next}`);
}

/** Shows the action's button: the next step and Assign are on the page, the others under "More actions". */
async function offer(page: Page, action: string) {
  const button = page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: action, exact: true });
  const menu = page.getByRole('button', { name: /^More actions/ });
  if (!(await button.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  return button;
}

/** Opens the action's dialog, fills it and submits; waits for the dialog to close. */
async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void> = async () => {}) {
  await (await offer(page, action)).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a deletion request from the public form to the signed receipt', () => {
  let reference = '';
  let statusLink = '';
  let requestUrl = '';

  it('is submitted on the public form and confirmed through the mailed link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/privacy-request/`);
    await page.getByLabel('Email address').fill(REQUESTER);
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('EU/UK GDPR').check();
    await page.getByLabel('Details (optional)').fill('My account and its order history.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/leenops\/privacy-request\/received\//);
    reference = new URL(page.url()).searchParams.get('reference') ?? '';
    expect(reference).toMatch(/^DR-\d{4}-[0-9A-Z]{5}$/);
    await expect.poll(() => page.getByText(reference).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-request-received');

    const verification = await mailText(REQUESTER, 'Confirm your deletion request');
    await page.goto(linkIn(verification, 'verify'));
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-verify');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect
      .poll(() =>
        page
          .getByText(/confirmed/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    statusLink = linkIn(await mailText(REQUESTER, 'LEENOPS is processing'), 'status');
    await context.close();
  });

  it('is worked by an officer: found in the queue, assigned, extended and completed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'officer@leenops.test', '/dashboard/requests/?org=leenops');
    await page.getByLabel('Search').fill(reference);
    await page.getByLabel('Jurisdiction').selectOption('GDPR');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.getByRole('row').filter({ hasText: reference });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/\d+ days left/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-queue');
    await row.getByRole('link', { name: reference }).click();
    await page.waitForURL(/\/dashboard\/requests\/detail\//);
    requestUrl = page.url();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-request-detail');
    // A dialog open, with the focus inside it.
    await (await offer(page, 'Reject')).click();
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-request-reject-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await act(page, 'Assign', (dialog) =>
      dialog
        .getByLabel('Assign to')
        .selectOption({ label: 'officer' })
        .then(() => {}),
    );
    await expect.poll(() => page.getByText('Assignee').locator('xpath=following-sibling::dd[1]').textContent()).toBe('officer');
    await act(page, 'Start work');
    // A colleague has the same request open, as it was before the extension below.
    const colleague = await context.newPage();
    await colleague.goto(requestUrl);
    await colleague.getByRole('button', { name: 'Complete', exact: true }).waitFor();
    await act(page, 'Extend the deadline', async (dialog) => {
      await dialog.getByLabel(/By how many months/).fill('1');
      await dialog.getByLabel('Reason (the requester is told)').fill('Order history is archived offline.');
    });
    await expect.poll(() => page.getByText('(extended)').count()).toBe(1);
    // Their change is refused, not written over the extension, and they can reload.
    await (await offer(colleague, 'Put on hold')).click();
    const stale = colleague.getByRole('dialog');
    await stale.getByLabel('What exactly').fill('Waiting for the customer number');
    await stale.getByRole('button', { name: 'Put on hold' }).click();
    await expect.poll(() => stale.getByRole('alert').textContent()).toMatch(/Someone changed this request/);
    await screenshots(colleague, 'flow-request-version-conflict');
    await stale.getByRole('button', { name: 'Reload the request' }).click();
    await expect.poll(() => colleague.getByText('(extended)').count()).toBe(1);
    expect(await colleague.getByRole('heading', { level: 2 }).textContent()).toBe(`${reference} · In progress`);
    await colleague.close();
    await act(page, 'Complete', async (dialog) => {
      await dialog.getByLabel('What was deleted').fill('Account, profile and order history');
      await dialog.getByLabel('From which systems (one per line)').fill('accounts\norders');
    });
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(`${reference} · Completed`);
    expect(await page.getByRole('link', { name: `Download ${reference}-receipt.json` }).count()).toBe(1);
    await screenshots(page, 'flow-request-completed');
    await context.close();
  });

  it("shows the requester the status and the signed receipt, which verifies with the organization's key", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(statusLink);
    await expect.poll(() => page.getByText(reference).first().isVisible()).toBe(true);
    expect(await page.textContent('body')).toContain('Order history is archived offline.');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download receipt' }).click();
    const file = await (await download).path();
    const receipt = JSON.parse(await readFile(file, 'utf8')) as SignedReceiptJson;
    expect(receipt.receipt).toMatchObject({ reference, scope: { systems: ['accounts', 'orders'] } });
    expect(receiptSignatureValid(receipt, services.signingKey.publicKey)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'flow-status-completed');
    // The completion mail carries the same receipt.
    expect(await mailText(REQUESTER, 'LEENOPS completed')).toContain(`${reference}-receipt.json`);
    await context.close();
  });

  it('shows the auditor every step in the audit explorer, and the chain verifies', async () => {
    await sealPending({ db: database.db, clock: systemClock }, systemPrincipal('test'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'auditor@leenops.test', '/dashboard/audit/?org=leenops');
    await page.getByRole('table').waitFor();
    await expect.poll(() => page.getByText('deletion_request.completed').count()).toBeGreaterThan(0);
    const text = (await page.textContent('body')) ?? '';
    for (const step of ['submitted', 'verified', 'assigned', 'started', 'extended', 'completed']) {
      expect(text).toContain(`deletion_request.${step}`);
    }
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.locator('.dash-ok').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('offers a viewer no action on the request, and the API refuses one anyway', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'viewer@leenops.test', '/dashboard/requests/?org=leenops');
    await page.goto(requestUrl);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(`${reference} · Completed`);
    expect(await page.getByRole('region', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add a note' }).count()).toBe(0);
    const noteHash = [...loadTrustedDocuments()].find(([, text]) => text.startsWith('mutation DashboardAddNoteDeletionRequest('))?.[0];
    const id = new URL(requestUrl).searchParams.get('id');
    const answer = await page.evaluate(
      async ({ sha256Hash, id }) =>
        (
          await fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ variables: { id, text: 'sneaky' }, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
          })
        ).json(),
      { sha256Hash: noteHash, id },
    );
    expect(answer.errors[0].extensions.code).toBe('FORBIDDEN');
    await context.close();
  });
});

describe('retention settings in the dashboard', () => {
  it('lets an officer add and change a setting with a reason, read its history and preview a sweep', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'officer@leenops.test', '/dashboard/retention/?org=leenops');
    await page.getByText('No retention settings yet.').waitFor();
    await page.getByRole('button', { name: 'Add a category' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Category/).fill('support-tickets');
    await dialog.getByLabel('Description').fill('Support tickets and their attachments.');
    await dialog.getByRole('group', { name: 'Kept for' }).getByLabel('Number of').fill('1');
    await dialog.getByRole('group', { name: 'Kept for' }).getByLabel('Unit').selectOption('years');
    await dialog.getByLabel('The clock starts when').fill('ticket closed');
    await dialog.getByLabel('Legal basis').fill('Legitimate interest in answering follow-up questions.');
    await dialog.getByLabel(/^Reason for the change/).fill('Agreed with the support team.');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save a new version' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'support-tickets' });
    await row.waitFor();
    expect(await row.textContent()).toContain('not enforced by this system');

    await row.getByRole('button', { name: 'Edit support-tickets' }).click();
    await dialog.getByRole('group', { name: 'Kept for' }).getByLabel('Number of').fill('2');
    await dialog.getByRole('button', { name: 'Save a new version' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/reason/i);
    await dialog.getByLabel(/^Reason for the change/).fill('Tickets are reopened up to two years later.');
    await dialog.getByRole('button', { name: 'Save a new version' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('2 years');
    await row.getByRole('button', { name: 'History of support-tickets' }).click();
    await expect.poll(() => dialog.getByRole('listitem').count()).toBe(2);
    expect(await dialog.textContent()).toContain('Tickets are reopened up to two years later.');
    await page.keyboard.press('Escape');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'dashboard-retention');

    await page.getByRole('button', { name: 'Dry run' }).click();
    await dialog.getByRole('table').waitFor();
    expect(await dialog.textContent()).toContain('Nothing was changed.');
    expect(await dialog.getByRole('row').filter({ hasText: 'staff-sessions' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'dashboard-retention-dry-run');
    await context.close();
  });

  it('shows the edit on the public retention page without a rebuild', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/retention/`);
    await expect.poll(() => page.getByText('Support tickets and their attachments.').count()).toBe(1);
    expect(await page.textContent('body')).toContain('2 years');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'portal-retention');
    await context.close();
  });
});
