// An objection to a subprocessor change, end to end in a real browser: a
// customer contact objects on the public form and confirms the mailed link
// (both without JavaScript), then a privacy officer resolves it on the
// dashboard's objections screen, at 1280 and 390 px. Every template: axe at
// both widths and schemes, and screenshots.
import { fixedClock } from '@governance/api/shared/clock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createStaff } from '../../helpers/staff.ts';
import { syncWithSecondList } from '../../subprocessors/fixtures.ts';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;

/** Generous: axe at two widths in two schemes and screenshots on a busy machine. */
const SLOW = 150_000;

beforeAll(async () => {
  // List 1.1 was announced on 1 December and takes effect on 31 December: objections are open.
  opened = await openBrowserSite({ clock: fixedClock('2026-12-20T12:00:00Z'), prepare: syncWithSecondList });
  ({ database, site, browser } = opened);
  await createStaff(database, 'officer@leandna.test', { organization: 'leandna', role: 'PRIVACY_OFFICER' });
}, BUILD_TIMEOUT);

afterAll(async () => {
  await opened?.close();
});

describe('objecting to a subprocessor change', () => {
  let withoutScripts: BrowserContext;
  let noScript: Page;
  let scripted: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    withoutScripts = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    noScript = await withoutScripts.newPage();
    ({ context: scripted, page } = await opened.newPage({ clipboard: true }));
  });
  afterAll(async () => {
    await withoutScripts.close();
    await scripted.close();
  });

  it(
    'objects on the form and confirms with the mailed link, without JavaScript',
    async () => {
      const form = `${site.base}/leandna/subprocessors/object/?version=1.1`;
      // What people see (axe runs as a script, so in a page that allows them; these pages have none of their own).
      await page.goto(form);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Object to a change of subprocessors');
      expect(await page.getByText('It takes effect on 31 December 2026').count()).toBe(1);
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'subprocessor-objection-form');
      // An empty reason: the form comes back with the answers as typed and the problem on its field.
      await page.getByLabel('Email address').fill('dpo@customer.example');
      await page.getByLabel('Company').fill('Customer GmbH');
      await page.getByRole('button', { name: 'Send objection' }).click();
      await page.waitForLoadState();
      expect(await page.getByLabel('Why do you object?').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Company').inputValue()).toBe('Customer GmbH');
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'subprocessor-objection-form-error');

      // The objection itself, sent without JavaScript.
      await noScript.goto(form);
      await noScript.getByLabel('Email address').fill('dpo@customer.example');
      await noScript.getByLabel('Company').fill('Customer GmbH');
      await noScript.getByLabel('Why do you object?').fill('Our contract keeps our data in the EU.');
      await noScript.getByRole('button', { name: 'Send objection' }).click();
      await noScript.waitForURL(/\/leandna\/subprocessors\/object\/sent\//);
      expect(await noScript.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
      await page.goto(noScript.url());
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'subprocessor-objection-sent');

      const mail = await database.db
        .selectFrom('mail_outbox')
        .select('body_text')
        .where('recipient', '=', 'dpo@customer.example')
        .executeTakeFirstOrThrow();
      const link = /http:\/\/portal\.test(\/leandna\/subprocessors\/object\/verify\/\?token=[\w-]+)/.exec(mail.body_text ?? '')?.[1];
      expect(link).toBeDefined();
      // Opening the link confirms nothing: a mail scanner opens links too.
      await page.goto(`${site.base}${link}`);
      await noScript.goto(`${site.base}${link}`);
      const confirmed = () => database.db.selectFrom('subprocessor_objection').select('verified_at').executeTakeFirstOrThrow();
      expect((await confirmed()).verified_at).toBeNull();
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'subprocessor-objection-verify');
      await noScript.getByRole('button', { name: 'Confirm my objection' }).click();
      await noScript.waitForLoadState();
      expect(await noScript.getByRole('heading', { level: 1 }).textContent()).toBe('Your objection is confirmed');
      expect((await confirmed()).verified_at).not.toBeNull();
      // Pressing the button again is safe, and shows the same page.
      await page.getByRole('button', { name: 'Confirm my objection' }).click();
      await page.getByRole('heading', { name: 'Your objection is confirmed' }).waitFor();
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'subprocessor-objection-confirmed');
    },
    SLOW,
  );
});

describe('the objections screen', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await opened.newPage({ clipboard: true, as: 'officer@leandna.test' }));
    await page.goto(`${site.base}/dashboard/objections/?org=leandna`);
  });
  afterAll(() => context.close());

  it(
    'resolves the objection with an outcome, says so, and records it in the audit trail',
    async () => {
      const row = page.getByRole('row', { name: /Customer GmbH/ });
      await row.waitFor();
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'dashboard-objections');

      await row.getByRole('button', { name: 'Review the objection of Customer GmbH' }).click();
      const dialog = page.getByRole('dialog', { name: 'Objection of Customer GmbH' });
      await dialog.waitFor();
      expect(await dialog.getByText('dpo@customer.example').count()).toBe(1);
      expect(await dialog.getByText('Our contract keeps our data in the EU.').count()).toBe(1);
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'dashboard-objection-review');

      await dialog.getByRole('radio', { name: /safeguards or terms agreed/ }).check();
      await dialog.getByLabel(/Note/).fill('EU-only addendum signed.');
      await dialog.getByRole('button', { name: 'Resolve objection' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'resolved' }).textContent())
        .toBe('The objection of Customer GmbH is resolved: Resolved with the customer: safeguards or terms agreed.');
      // Open objections are shown by default: the resolved one has left the list.
      await expect.poll(() => page.getByRole('row', { name: /Customer GmbH/ }).count()).toBe(0);
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'dashboard-objections-resolved');

      const events = await database.db
        .selectFrom('audit_event_pending')
        .select(['actor_label', 'metadata'])
        .where('action', '=', 'subprocessor_objection.resolved')
        .execute();
      expect(events).toEqual([
        { actor_label: 'officer@leandna.test', metadata: JSON.stringify({ outcome: 'SAFEGUARDS_AGREED', version: '1.1' }) },
      ]);
      expect(opened.cspViolations).toEqual([]);
    },
    SLOW,
  );
});
