// The admin's screens in a real browser, at 1280 and 390 px: a role changes
// only through its dialog's confirm button (an arrow key saves nothing),
// Add user starts at the least role and refuses what is not an email
// address, tokens and users stay reachable on a phone, retention settings
// are edited in words, and the audit trail reads like a record with filters
// picked from lists. Every screen: axe at both widths and schemes, and
// screenshots of each screen and dialog state.

import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { systemClock } from '@governance/api/shared/clock';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiOver } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { submitForTest } from '../../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff } from '../../helpers/staff.ts';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let auditorId: string;
let reference: string;

/** Generous: axe at two widths in two schemes and screenshots on a busy machine. */
const SLOW = 150_000;

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site } = opened);
  await createOrganization(database.db, 'leenops', 'LeenOps');
  await createStaff(database, 'admin@leenops.test', { organization: 'leenops', role: 'ADMIN' });
  auditorId = await createStaff(database, 'auditor@leenops.test', { organization: 'leenops', role: 'AUDITOR' });
  reference = (await submitForTest(testApiOver(opened.services), { organization: 'leenops' })).reference;
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

/** What the screen's status message (role=status, outside any dialog) says now. */
const announced = async (page: Page) => (await page.locator('.dash-page > [role="status"]').textContent())?.trim() ?? '';

const roleOf = async (userId: string) =>
  (await database.db.selectFrom('membership').select('role').where('user_id', '=', userId).executeTakeFirstOrThrow()).role;

/** How far the page as a whole scrolls sideways: 0 when everything fits the width. */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function atPhoneWidth(page: Page, check: () => Promise<void>): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await check();
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

describe('the admin screens', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await opened.newPage({ as: 'admin@leenops.test' }));
    await page.goto(`${site.base}/dashboard/users/?org=leenops`);
  });
  afterAll(() => context.close());

  it(
    'changes a role only through the confirm button: an arrow key in the dialog saves nothing',
    async () => {
      const row = page.getByRole('row', { name: /auditor@leenops\.test/ });
      await row.waitFor();
      // The list holds no control that saves on change.
      expect(await page.getByRole('table').getByRole('combobox').count()).toBe(0);
      await row.getByRole('button', { name: 'Change role of auditor' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change the role of auditor' });
      const current = dialog.getByRole('radio', { name: /Auditor/ });
      expect(await current.isChecked()).toBe(true);
      await current.focus();
      await page.keyboard.press('ArrowDown');
      expect(await dialog.getByRole('radio', { name: 'Viewer' }).isChecked()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Change role to Viewer' }).count()).toBe(1);
      await screenshots(page, 'admin-users-change-role');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await roleOf(auditorId)).toBe('AUDITOR');

      await row.getByRole('button', { name: 'Change role of auditor' }).click();
      await dialog.getByRole('radio', { name: 'Privacy officer' }).check();
      await dialog.getByRole('button', { name: 'Change role to Privacy officer' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => roleOf(auditorId)).toBe('PRIVACY_OFFICER');
      await expect.poll(() => announced(page)).toBe('auditor is privacy officer now.');
      await expect.poll(() => row.getByText('Privacy officer').count()).toBe(1);
    },
    SLOW,
  );

  it(
    'adds a user at the least role by default, and refuses an address that is not an email address',
    async () => {
      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a user' });
      expect(await dialog.getByLabel('Role').inputValue()).toBe('VIEWER');
      await dialog.getByLabel('Email').fill('pat at example');
      await dialog.getByLabel('Name').fill('Pat Person');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Enter an email address');
      expect(await dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
      await screenshots(page, 'admin-users-add-refused');
      const invited = () => database.db.selectFrom('app_user').select('id').where('name', '=', 'Pat Person').execute();
      expect(await invited()).toEqual([]);

      await dialog.getByLabel('Email').fill('pat@leenops.test');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toContain('pat@leenops.test was invited');
      await dialog.getByRole('button', { name: 'Done' }).click();
      const row = page.getByRole('row', { name: /Pat Person/ });
      await expect.poll(() => row.getByText('Viewer').count()).toBe(1);
    },
    SLOW,
  );

  it(
    'fits the users screen on a phone, every action on its card, with no violation axe finds',
    async () => {
      await atPhoneWidth(page, async () => {
        expect(await sidewaysScroll(page)).toBe(0);
        for (const name of ['Change role of Pat Person', 'Withdraw the invitation of Pat Person', 'Disable auditor']) {
          expect(await page.getByRole('button', { name }).isVisible(), name).toBe(true);
        }
      });
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'admin-users');
    },
    SLOW,
  );

  it(
    'says what disabling a user did, in a status message outside the closed dialog',
    async () => {
      await page.getByRole('button', { name: 'Disable auditor' }).click();
      const dialog = page.getByRole('dialog', { name: 'Disable this user?' });
      expect(await dialog.textContent()).toContain('will lose access to LeenOps');
      await dialog.getByRole('button', { name: 'Disable user' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => announced(page))
        .toBe('auditor was disabled: they can no longer sign in to LeenOps, and their API tokens here were revoked.');
      await expect
        .poll(() =>
          page
            .getByRole('row', { name: /auditor@leenops\.test/ })
            .getByText('disabled')
            .count(),
        )
        .toBe(1);
      await screenshots(page, 'admin-users-disabled');
    },
    SLOW,
  );

  it(
    'fits the tokens screen on a phone with Revoke on each card, with no violation axe finds',
    async () => {
      await page.goto(`${site.base}/dashboard/tokens/?org=leenops`);
      await page.getByRole('button', { name: 'Create token' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create an API token' });
      // The example is a hint beside the label, not a placeholder that reads like a typed value.
      expect(await dialog.getByLabel('Name').getAttribute('placeholder')).toBeNull();
      await screenshots(page, 'admin-token-create');
      await dialog.getByLabel('Name').fill('Vendor review tool');
      await dialog.getByRole('button', { name: 'Create token' }).click();
      await dialog.getByTestId('secret').waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('row', { name: /Vendor review tool/ }).waitFor();
      await atPhoneWidth(page, async () => {
        expect(await sidewaysScroll(page)).toBe(0);
        expect(await page.getByRole('button', { name: 'Revoke Vendor review tool' }).isVisible()).toBe(true);
      });
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'admin-tokens');

      await page.getByRole('button', { name: 'Revoke Vendor review tool' }).click();
      await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
      await expect.poll(() => announced(page)).toBe('Vendor review tool was revoked: tools using it are refused from now on.');
      await screenshots(page, 'admin-tokens-revoked');
    },
    SLOW,
  );

  it(
    'edits retention settings in words, and the dry run says each cutoff and why nothing goes',
    async () => {
      await page.goto(`${site.base}/dashboard/retention/?org=leenops`);
      await page.getByRole('button', { name: 'Add a category' }).click();
      const dialog = page.getByRole('dialog');
      const period = dialog.getByRole('group', { name: 'Kept for' });
      await dialog.getByLabel(/^Category/).fill('support-tickets');
      await dialog.getByLabel('Description').fill('Support tickets.\nTheir attachments too.');
      await period.getByLabel('Number of').fill('18');
      await period.getByLabel('Unit').selectOption('months');
      await dialog.getByLabel('The clock starts when').fill('ticket closed');
      await dialog.getByLabel('Legal basis').fill('Legitimate interest:\nanswering follow-up questions.');
      await dialog.getByLabel(/^Reason for the change/).fill('Agreed with the support team.');
      await screenshots(page, 'admin-retention-add');
      await dialog.getByRole('button', { name: 'Save a new version' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect
        .poll(() => announced(page))
        .toBe('support-tickets saved as version 1: kept for 18 months, shown on the public retention page.');
      const row = page.getByRole('row').filter({ hasText: 'support-tickets' });
      await expect.poll(() => row.textContent()).toContain('18 months');
      const stored = await database.db
        .selectFrom('retention_setting_version')
        .select(['period', 'description', 'legal_basis'])
        .where('category', '=', 'support-tickets')
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        period: 'P18M',
        description: 'Support tickets.\nTheir attachments too.',
        legal_basis: 'Legitimate interest:\nanswering follow-up questions.',
      });

      await row.getByRole('button', { name: 'Edit support-tickets' }).click();
      expect(await period.getByLabel('Number of').inputValue()).toBe('18');
      expect(await period.getByLabel('Unit').inputValue()).toBe('months');
      await period.getByLabel('Unit').selectOption('indefinitely');
      expect(await period.getByLabel('Number of').count()).toBe(0);
      await dialog.getByLabel('Why it is kept indefinitely').fill('Tickets are evidence in warranty claims.');
      await dialog.getByLabel(/^Reason for the change/).fill('Warranty claims need them.');
      await screenshots(page, 'admin-retention-edit');
      await dialog.getByRole('button', { name: 'Save a new version' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => row.textContent()).toContain('kept indefinitely');
      await expect.poll(() => announced(page)).toMatch(/^support-tickets saved as version 2: kept for /);
      await atPhoneWidth(page, async () => {
        expect(await sidewaysScroll(page)).toBe(0);
        expect(await row.getByRole('button', { name: 'Edit support-tickets' }).isVisible()).toBe(true);
      });
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'admin-retention');

      await page.getByRole('button', { name: 'Dry run' }).click();
      const sessions = dialog.getByRole('row').filter({ hasText: 'staff-sessions' });
      await sessions.waitFor();
      expect(await sessions.textContent()).toMatch(/90 days.*Nothing older than \d{1,2} [A-Z][a-z]+ \d{4}\./);
      // A category without a built-in rule is published, and the dry run says nothing here removes it.
      expect(await dialog.getByRole('row').filter({ hasText: 'support-tickets' }).textContent()).toContain(
        'Not enforced by this system: nothing is removed here.',
      );
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'admin-retention-dry-run');
      await page.keyboard.press('Escape');
    },
    SLOW,
  );

  it(
    'reads the audit trail as a record: actions in words, people by name, requests by reference, details as fields',
    async () => {
      await sealPending({ db: database.db, clock: systemClock }, systemPrincipal('test'));
      await page.goto(`${site.base}/dashboard/audit/?org=leenops`);
      const table = page.getByRole('table', { name: 'Events, newest first' });
      const roleChange = table.getByRole('row').filter({ hasText: 'Role changed' });
      await roleChange.waitFor();
      // By: the admin's name, with the address the event recorded; about: the member's name.
      expect(await roleChange.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['adminadmin@leenops.test', 'auditor']));
      expect(await roleChange.getByRole('term').allTextContents()).toEqual(['From', 'To']);
      expect(await roleChange.getByRole('definition').allTextContents()).toEqual(['Auditor', 'Privacy officer']);
      const submitted = table.getByRole('row').filter({ hasText: 'Deletion request submitted' });
      expect(await submitted.getByRole('cell', { name: reference, exact: true }).count()).toBe(1);
      // Details are fields, not the JSON that was hashed.
      expect(await table.textContent()).not.toContain('{"');
      await screenshots(page, 'admin-audit');

      await page.getByLabel('What happened').selectOption({ label: 'Role changed' });
      await page.getByLabel('By').selectOption({ label: 'admin' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => table.getByRole('row').filter({ hasText: 'Member invited' }).count()).toBe(0);
      await expect.poll(() => table.getByRole('row').filter({ hasText: 'Role changed' }).count()).toBe(1);
      await expect
        .poll(() => page.getByRole('link', { name: 'CSV' }).getAttribute('href'))
        .toMatch(/action=member\.role_changed&actorId=[0-9a-f-]{36}$/);
      await screenshots(page, 'admin-audit-filtered');
    },
    SLOW,
  );

  it(
    'keeps the audit filters apart from their buttons and the page within a phone, with no violation axe finds',
    async () => {
      const clearOverlapsAField = () =>
        page.evaluate(() => {
          const clear = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Clear');
          if (!clear) throw new Error('no Clear button');
          const box = clear.getBoundingClientRect();
          return [...document.querySelectorAll('.dash-filters input, .dash-filters select')].some((field) => {
            const other = field.getBoundingClientRect();
            return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
          });
        });
      expect(await clearOverlapsAField()).toBe(false);
      await atPhoneWidth(page, async () => {
        expect(await clearOverlapsAField()).toBe(false);
        expect(await sidewaysScroll(page)).toBe(0);
      });
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
    },
    SLOW,
  );

  it(
    'shows the two-step sign-in page within a phone, with no violation axe finds',
    async () => {
      await page.goto(`${site.base}/dashboard/security/?org=leenops`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await atPhoneWidth(page, async () => {
        expect(await sidewaysScroll(page)).toBe(0);
      });
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'admin-security');
      expect(opened.cspViolations).toEqual([]);
    },
    SLOW,
  );
});
