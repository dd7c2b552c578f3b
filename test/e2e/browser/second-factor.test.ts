// Two-step sign-in in a real browser, against the site as production serves
// it (trusted documents, CSP): an admin sets it up by typing the shown key
// into an "app" (a code computed here), saves the recovery codes shown once,
// signs in again with a code and then with a recovery code; requires it of
// the organization, after which a member without it is taken to set it up.
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff, PASSWORD } from '../../helpers/staff.ts';

let opened: BrowserSite;
let site: BrowserSite['site'];

beforeAll(async () => {
  opened = await openBrowserSite();
  site = opened.site;
  await createOrganization(opened.database.db, 'leandna');
  await createStaff(opened.database, 'admin@leandna.test', { organization: 'leandna', role: 'ADMIN' });
  await createStaff(opened.database, 'officer@leandna.test', { organization: 'leandna', role: 'PRIVACY_OFFICER' });
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

const newPage = () => opened.newPage({ clipboard: true });

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.goto(`${site.base}/dashboard/sign-in/?next=${encodeURIComponent('/dashboard/users/?org=leandna')}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Generous: the portal pages, axe and screenshots at two widths on a busy machine, and waiting for a fresh code. */
const SLOW = 150_000;

let lastStep = 0;
/**
 * A code as the authenticator app would show it. The server takes one step
 * either side of now but each step once, later than the last it took: the
 * step after the last one used, if it is within the window (the current step
 * or the next, each valid for 30 s more at least); otherwise wait for the
 * clock to reach it.
 */
async function appCode(secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(lastStep + 1, current);
    if (step <= current + 1) {
      lastStep = step;
      return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * 30_000 });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('two-step sign-in in the dashboard', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it(
    'is set up from the Two-step sign-in page with the shown key, a code and the password; shows the recovery codes once and signs out elsewhere',
    async () => {
      // A session opened earlier with the password alone, on another computer.
      const elsewhere = await opened.newPage({ as: 'admin@leandna.test' });
      await elsewhere.page.goto(`${site.base}/dashboard/users/?org=leandna`);
      await elsewhere.page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
      expect(elsewhere.page.url()).toBe(`${site.base}/dashboard/users/?org=leandna`);

      const { context, page } = await newPage();
      await signInWithPassword(page, 'admin@leandna.test');
      await page.waitForURL(/\/dashboard\/users\//);
      await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Two-step sign-in' }).click();
      await page.waitForURL(/\/dashboard\/security\//);
      await expect.poll(() => page.getByRole('button', { name: 'Set up two-step sign-in' }).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshots(page, 'dashboard-two-step-off');

      await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      const key = page.getByTestId('totp-secret');
      await expect.poll(() => key.count()).toBe(1);
      secret = ((await key.textContent()) ?? '').replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      await expect.poll(() => qr.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);
      await screenshots(page, 'dashboard-two-step-enrol');

      const codeField = page.getByLabel('Code', { exact: true });
      const passwordField = page.getByLabel('Your password');
      expect(await passwordField.getAttribute('autocomplete')).toBe('current-password');
      await codeField.fill('000000');
      await passwordField.fill(PASSWORD);
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/That code is not right/);
      expect(await codeField.getAttribute('aria-invalid')).toBe('true');
      expect(await passwordField.getAttribute('aria-invalid')).toBeNull();

      // A session cookie alone does not turn it on: the wrong password is named, the code is not blamed.
      await codeField.fill(await appCode(secret));
      await passwordField.fill('not my password at all');
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/That is not your password/);
      expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
      expect(await codeField.getAttribute('aria-invalid')).toBeNull();
      expect(await axeViolations(page)).toEqual([]);
      await screenshots(page, 'dashboard-two-step-enrol-wrong-password');

      await passwordField.fill(PASSWORD);
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();

      const codes = page.getByTestId('recovery-codes').getByRole('listitem');
      await expect.poll(() => codes.count()).toBe(10);
      recoveryCodes = await codes.allTextContents();
      expect(await page.getByText('These codes are shown only this once.').count()).toBe(1);
      await page.getByRole('button', { name: 'Copy codes' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(recoveryCodes[0]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshots(page, 'dashboard-two-step-recovery-codes');

      await page.getByRole('button', { name: 'I have saved my codes' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Two-step sign-in is on' }).count()).toBe(1);
      expect(await page.getByText('10 of 10 recovery codes left.').count()).toBe(1);
      await screenshots(page, 'dashboard-two-step-on');
      await context.close();

      // The earlier session was ended: the dashboard sends it to sign in again.
      await elsewhere.page.reload();
      await elsewhere.page.waitForURL(/\/dashboard\/sign-in\//);
      await elsewhere.context.close();
    },
    SLOW,
  );

  it(
    'asks for the code after the password, and signs in with it',
    async () => {
      const { context, page } = await newPage();
      await signInWithPassword(page, 'admin@leandna.test');
      const code = page.getByLabel('Code from your authenticator app');
      await expect.poll(() => code.count()).toBe(1);
      expect(await code.evaluate((input) => input === document.activeElement)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshots(page, 'dashboard-sign-in-code');

      await code.fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/That code is not right/);
      await code.fill(await appCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${site.base}/dashboard/users/?org=leandna`);
      expect((await context.cookies()).some((cookie) => cookie.name === 'gp_session')).toBe(true);
      await context.close();
    },
    SLOW,
  );

  it(
    'signs in with a recovery code instead, which then works no more',
    async () => {
      const { context, page } = await newPage();
      await signInWithPassword(page, 'admin@leandna.test');
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
      await screenshots(page, 'dashboard-sign-in-recovery-code');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${site.base}/dashboard/users/?org=leandna`);
      await context.close();

      const again = await newPage();
      await signInWithPassword(again.page, 'admin@leandna.test');
      await again.page.getByRole('button', { name: 'Use a recovery code' }).click();
      await again.page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
      await again.page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => again.page.getByRole('alert').textContent()).toMatch(/That code is not right/);
      await again.context.close();
    },
    SLOW,
  );

  it(
    'lets an admin see who has it and require it; a member without it is then taken to set it up',
    async () => {
      const admin = await newPage();
      await signInWithPassword(admin.page, 'admin@leandna.test');
      await admin.page.getByLabel('Code from your authenticator app').fill((await appCode(secret)).replace(/(\d{3})/, '$1 '));
      await admin.page.getByRole('button', { name: 'Verify' }).click();
      await admin.page.waitForURL(/\/dashboard\/users\//);
      const officerRow = admin.page.getByRole('row', { name: /officer@leandna\.test/ });
      await expect.poll(() => officerRow.getByText('not set up').count()).toBe(1);
      await expect
        .poll(() =>
          admin.page
            .getByRole('row', { name: /admin@leandna\.test/ })
            .getByText('on', { exact: true })
            .count(),
        )
        .toBe(1);
      await admin.page.getByRole('button', { name: 'Require two-step sign-in' }).click();
      await expect.poll(() => admin.page.getByRole('button', { name: 'Stop requiring two-step sign-in' }).count()).toBe(1);
      expect(await axeViolations(admin.page)).toEqual([]);
      await screenshots(admin.page, 'dashboard-users-two-step');
      await admin.context.close();

      const officer = await newPage();
      await signInWithPassword(officer.page, 'officer@leandna.test');
      await officer.page.waitForURL(/\/dashboard\/security\/\?required=1/);
      await expect.poll(() => officer.page.getByText('leandna requires two-step sign-in.').count()).toBe(1);
      expect(await axeViolations(officer.page)).toEqual([]);
      await screenshots(officer.page, 'dashboard-two-step-required');
      await officer.context.close();
    },
    SLOW,
  );

  it('reports no Content-Security-Policy violations', () => {
    expect(opened.cspViolations).toEqual([]);
  });
});
