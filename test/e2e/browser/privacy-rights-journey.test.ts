// Two rights in one request, end to end in real Chromium and through the UI
// only: a person asks on the public form for a copy of their data and for two
// corrections, and confirms from the mailed link (read from the outbox); a
// privacy officer signs in, finds it under "Privacy requests", reads the
// checklist of both kinds, is told by the completion dialog what is still
// missing (the package, each undecided item) and offered no completion, seals
// the package, decides the items (one corrected, one not, with the reason),
// records who was told, and completes through the dialog, which now shows
// the package's fingerprint and each decision; the person opens the status
// page, reads the package as a page, downloads its JSON (the SHA-256 of its
// bytes is the one the dashboard showed and the database recorded), and
// reads both decisions with the reason. Axe finds nothing on each screen at
// both widths in both schemes; each is photographed
// (test-artifacts/screenshots/privacy-rights-*).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff } from '../../helpers/staff.ts';

const OFFICER = 'olive@leenops.test';
const REQUESTER = 'grace@example.com';
const DATA = [
  { category: 'Account', system: 'Accounts database', fields: [{ name: 'Postal address', value: '12 Old Road, Leeds' }] },
  { category: 'Orders', system: 'Billing', fields: [{ name: 'Invoice 2026-0042', value: '3 seats, paid 2026-10-01' }] },
];
const REJECTION_REASON = 'The passport you sent shows 1 January 1990.';

let opened: BrowserSite;

beforeAll(async () => {
  opened = await openBrowserSite();
  await createOrganization(opened.database.db, 'leenops');
  await createStaff(opened.database, OFFICER, { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  // The links in mail point at this site.
  opened.services.publicUrl = opened.base;
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

/** The link of the requester's mail of `kind`, as the outbox holds it. */
async function mailedLink(kind: 'VERIFICATION' | 'RECEIVED', page: 'verify' | 'status'): Promise<string> {
  const mail = await opened.database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', REQUESTER)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  const link = new RegExp(`https?://\\S+/privacy-request/${page}/#token=[\\w-]+`).exec(mail.body_text ?? '')?.[0];
  if (!link) throw new Error(`no ${page} link in the ${kind} mail`);
  return link;
}

async function lookedAt(page: Page, name: string): Promise<void> {
  expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
  await screenshots(page, name);
}

const announced = (page: Page, text: RegExp) => page.getByRole('status').filter({ hasText: text });

describe('a copy of one’s data and a correction, asked at once and answered by staff', { timeout: 300_000 }, () => {
  let reference = '';
  let shownSha256 = '';

  it('is asked on the form in plain words and confirmed from the mailed link', async () => {
    const { context, page } = await opened.newPage();
    await page.goto(`${opened.base}/leenops/privacy-request/`);
    await page.getByLabel('Delete my data').uncheck();
    await page.getByLabel('Send me a copy of my data').check();
    await page.getByLabel('Correct something').check();
    const row = (index: number) =>
      page.getByRole('group', { name: 'What should be corrected' }).getByRole('group', { name: `Item ${index}` });
    await row(1).getByLabel('What is wrong').fill('Postal address');
    await row(1).getByLabel('What it says now (optional)').fill('12 Old Road, Leeds');
    await row(1).getByLabel('What it should say').fill('40 New Street, York');
    await row(2).getByLabel('What is wrong').fill('Date of birth');
    await row(2).getByLabel('What it should say').fill('1 October 1990');
    await row(2).getByLabel('Why (optional)').fill('A typing mistake when I signed up.');
    await page.getByLabel('Email address').fill(REQUESTER);
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('EU/UK GDPR').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/leenops\/privacy-request\/received\//);
    reference = new URL(page.url()).searchParams.get('reference') ?? '';
    expect(reference).toMatch(/^DR-\d{4}-[0-9A-Z]{5}$/);

    await page.goto(await mailedLink('VERIFICATION', 'verify'));
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect
      .poll(() =>
        page
          .getByText(/confirmed/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    const stored = await opened.database.db
      .selectFrom('deletion_request')
      .select(['kinds', 'status'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kinds: ['ACCESS', 'CORRECTION'], status: 'VERIFIED' });
    await context.close();
  });

  it('is answered by a privacy officer on the dashboard: package sealed, each item decided, completed through the dialog', async () => {
    // Signed in through the API: signing in is not what this journey is about.
    const { context, page } = await opened.newPage({ as: OFFICER });
    // On the request page, every state of the document once parsed (as each change settles) is noted: its h1s,
    // and whether the island (its fallback, then the island itself) rendered each.
    await context.addInitScript(() => {
      if (!location.pathname.startsWith('/dashboard/requests/detail/')) return;
      const seen: string[][] = [];
      Object.assign(window, { headingsSeen: seen });
      const note = () => {
        if (document.readyState === 'loading') return;
        seen.push(
          [...document.querySelectorAll('h1')].map((h1) => `${h1.closest('astro-island') ? '' : 'outside the island: '}${h1.textContent}`),
        );
      };
      new MutationObserver(note).observe(document, { childList: true, subtree: true, characterData: true });
      document.addEventListener('DOMContentLoaded', note);
    });
    await page.goto(`${opened.base}/dashboard/`);

    // Requests of every kind are "Privacy requests" in the dashboard's words.
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Privacy requests' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/requests/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Privacy requests');
    const queueRow = page.getByRole('row').filter({ hasText: reference });
    await queueRow.waitFor();
    await lookedAt(page, 'privacy-rights-queue');
    await queueRow.getByRole('link', { name: reference }).click();
    await page.waitForURL(/\/dashboard\/requests\/detail\//);

    // The page is named by what the request asks, and lists both kinds to do.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Access and correction request');
    // The tab's title is set after the heading renders: wait for it too.
    await expect.poll(() => page.title()).toBe(`${reference}: Access and correction request | Compliance dashboard`);
    // One h1 at every moment, rendered by one owner: the name that fits every request while loading, then what it asks.
    const headingsSeen = await page.evaluate(() => (window as unknown as { headingsSeen: string[][] }).headingsSeen);
    expect(headingsSeen.length).toBeGreaterThan(1);
    expect(headingsSeen.filter((headings) => headings.length !== 1)).toEqual([]);
    expect([...new Set(headingsSeen.map(([heading]) => heading))]).toEqual(['Privacy request', 'Access and correction request']);
    expect(await page.getByRole('link', { name: '← Privacy requests' }).count()).toBe(1);
    const checklist = page.getByRole('region', { name: 'What the person asked for' });
    await expect.poll(() => checklist.getByRole('listitem').allTextContents()).toEqual(['AccessTo do', 'CorrectionTo do']);

    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start work' }).click();
    await expect.poll(() => actions.getByRole('button').first().textContent()).toBe('Complete');
    await lookedAt(page, 'privacy-rights-request');

    // Before anything is answered, the dialog names what is missing and offers no completion.
    const dialog = page.getByRole('dialog');
    await actions.getByRole('button', { name: 'Complete' }).click();
    const missing = dialog.getByRole('note');
    await expect
      .poll(() => missing.getByRole('listitem').allTextContents())
      .toEqual([
        'Seal the data package under "Data package" on this page: the person downloads it from their status page, and the receipt names it.',
        'Decide correction item 1 ("Postal address") under "Corrections asked for" on this page.',
        'Decide correction item 2 ("Date of birth") under "Corrections asked for" on this page.',
      ]);
    expect(await dialog.getByRole('region', { name: 'Data package' }).textContent()).toContain('Not sealed yet.');
    expect(await dialog.getByRole('button', { name: 'Complete', exact: true }).count()).toBe(0);
    await lookedAt(page, 'privacy-rights-complete-missing');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The package, sealed as the request page offers it.
    await page.getByLabel("The requester's data, as JSON: one entry per category and system").fill(JSON.stringify(DATA, null, 2));
    await page.getByRole('button', { name: 'Seal the package' }).click();
    await expect.poll(() => announced(page, /is sealed/).count()).toBe(1);
    shownSha256 = (await page.getByRole('region', { name: 'Data package' }).locator('.dash-package-hash').textContent()) ?? '';
    expect(shownSha256).toMatch(/^[0-9a-f]{64}$/);

    // Each item decided: the first corrected, the second not, with the reason; who was told.
    const panel = page.getByRole('region', { name: 'Corrections asked for' });
    await panel.getByRole('group', { name: 'Item 1: Postal address' }).getByLabel('Corrected', { exact: true }).check();
    const second = panel.getByRole('group', { name: 'Item 2: Date of birth' });
    await second.getByLabel('Not corrected').check();
    await second.getByLabel(/^Reason/).fill(REJECTION_REASON);
    await panel.getByLabel('Others (one per line)').fill('Mailchimp (newsletters)');
    await panel.getByRole('button', { name: 'Save decisions' }).click();
    await expect.poll(() => announced(page, /Every item is decided/).count()).toBe(1);

    // Now the dialog shows each kind's answer and asks only what the request still needs.
    await actions.getByRole('button', { name: 'Complete' }).click();
    await dialog.getByLabel('What was done').waitFor();
    expect(await dialog.getByRole('note').count()).toBe(0);
    expect(await dialog.getByRole('region', { name: 'Data package' }).textContent()).toContain(shownSha256);
    const decisions = dialog.getByRole('region', { name: 'Corrections' });
    expect(await decisions.getByRole('listitem').allTextContents()).toEqual([
      'Item 1 ("Postal address"): Corrected',
      `Item 2 ("Date of birth"): Not corrected — ${REJECTION_REASON}`,
    ]);
    expect(await decisions.textContent()).toContain('Told of the corrections: Mailchimp (newsletters).');
    // An answer to a copy and a correction keeps nothing back: the erasure's question is not asked.
    expect(await dialog.getByRole('group', { name: 'What was kept, and why' }).count()).toBe(0);
    await dialog.getByLabel('What was done').fill('Sent a copy of the account and billing data; corrected the postal address.');
    await dialog.getByLabel('In which systems (one per line)').fill('Accounts database\nBilling');
    await lookedAt(page, 'privacy-rights-complete-ready');
    await dialog.getByRole('button', { name: 'Complete', exact: true }).click();
    await expect.poll(() => announced(page, new RegExp(`${reference} is completed`)).count()).toBe(1);
    await expect.poll(() => checklist.getByRole('listitem').allTextContents()).toEqual(['AccessDone', 'CorrectionDone']);
    await context.close();
  });

  it('lets the person download the package and read both decisions on the status page', async () => {
    const { context, page } = await opened.newPage({ acceptDownloads: true });
    await page.goto(await mailedLink('RECEIVED', 'status'));
    await page.waitForURL(`${opened.base}/leenops/privacy-request/status/`);
    const corrections = page.getByRole('region', { name: 'Your corrections' });
    await corrections.waitFor();
    const items = await corrections.getByRole('listitem').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Postal address');
    expect(items[0]).toContain('Corrected');
    expect(items[1]).toContain('Date of birth');
    expect(items[1]).toContain('Not corrected');
    expect(items[1]).toContain(REJECTION_REASON);
    expect(await corrections.textContent()).toContain('Mailchimp (newsletters)');
    expect(await page.getByText(shownSha256).count()).toBe(1);
    await lookedAt(page, 'privacy-rights-status');

    // The JSON: its bytes hash to the fingerprint the dashboard showed and the database recorded.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as JSON (machine-readable)' }).click(),
    ]);
    expect(saved.suggestedFilename()).toBe(`${reference}-data.json`);
    const bytes = await readFile((await saved.path()) ?? '');
    const recorded = await opened.database.db
      .selectFrom('privacy_request_package')
      .innerJoin('deletion_request', 'deletion_request.id', 'privacy_request_package.request_id')
      .select('privacy_request_package.sha256')
      .where('deletion_request.reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shownSha256);
    expect(recorded.sha256).toBe(shownSha256);

    // The page to read opens from the same place.
    await page.getByRole('link', { name: 'Download your data' }).click();
    await page.getByRole('heading', { name: 'Your data held by LEENOPS' }).waitFor();
    expect(await page.getByText('3 seats, paid 2026-10-01').count()).toBe(1);
    await context.close();
    expect(opened.cspViolations).toEqual([]);
  });
});
