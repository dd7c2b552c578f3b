// The dashboard in a real browser (Debian's Chromium), against the site as
// production serves it: trusted documents enforced, CSP on. An admin signs
// in and is taken back where they were going, creates and revokes an API
// token, adds a user; the audit explorer shows those steps and the chain
// verifies; a viewer is offered none of it and the API refuses it anyway.

import { createCheckpoint } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { loadTrustedDocuments } from '@governance/api/graphql/trusted-documents';
import { systemClock } from '@governance/api/shared/clock';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff, PASSWORD } from '../../helpers/staff.ts';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let appServices: BrowserSite['services'];

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, services: appServices } = opened);
  await createOrganization(database.db, 'leenops', 'LeenOps');
  await createStaff(database, 'admin@leenops.test', { organization: 'leenops', role: 'ADMIN' });
  await createStaff(database, 'viewer@leenops.test', { organization: 'leenops', role: 'VIEWER' });
  await createStaff(database, 'locked@leenops.test', { organization: 'leenops', role: 'AUDITOR' });
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

const newPage = (as?: string) => opened.newPage({ clipboard: true, ...(as ? { as } : {}) });

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the dashboard, as an admin', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await newPage());
  });
  afterAll(() => context.close());

  it('sends a visitor to sign in, then back to the page they asked for', async () => {
    await page.goto(`${site.base}/dashboard/tokens/?org=leenops`);
    await page.waitForURL(/\/dashboard\/sign-in\/\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dashboard/tokens/?org=leenops');
    await screenshots(page, 'dashboard-sign-in');
    await signIn(page, 'admin@leenops.test');
    await page.waitForURL(`${site.base}/dashboard/tokens/?org=leenops`);
    await expect.poll(() => page.getByRole('button', { name: 'Create token' }).count()).toBe(1);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining(['Overview', 'Audit trail', 'API tokens', 'Users']),
    );
  });

  it('keeps the session in an httpOnly cookie, not in page storage', async () => {
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'gp_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
  });

  it('creates an API token, shows its value once with a copy button, and revokes it', async () => {
    await expect.poll(() => page.getByText('No API tokens yet.').count()).toBe(1);
    await screenshots(page, 'dashboard-tokens-empty');
    const opener = page.getByRole('button', { name: 'Create token' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    expect(await dialog.getByLabel('Name').evaluate((input) => input === document.activeElement)).toBe(true);
    await dialog.getByLabel('Name').fill('Vendor review tool');
    await dialog.getByLabel('Audit trail').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = (await dialog.getByTestId('secret').textContent()) ?? '';
    expect(secret).toMatch(/^gpt_/);
    await screenshots(page, 'dashboard-token-created');
    await dialog.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: 'Done' }).click();
    // Focus returns to the button that opened the dialog.
    expect(await opener.evaluate((button) => button === document.activeElement)).toBe(true);
    const row = page.getByRole('row', { name: /Vendor review tool/ });
    await expect.poll(() => row.getByText('active').count()).toBe(1);
    // The value works as a bearer token, and is never shown again.
    const viaToken = await fetch(`${site.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ auditEvents(organization: "leenops", first: 1) { pageInfo { hasNextPage } } }' }),
    });
    expect((await viaToken.json()).errors).toBeUndefined();
    expect(await page.content()).not.toContain(secret);
    await screenshots(page, 'dashboard-tokens');

    await row.getByRole('button', { name: 'Revoke Vendor review tool' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    // The safe choice has the focus.
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((button) => button === document.activeElement)).toBe(true);
    await screenshots(page, 'dashboard-token-revoke');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => row.getByText('revoked').count()).toBe(1);
  });

  it('invites a user, whose initial password is mailed only to them, and who gets access by accepting after signing in', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/dashboard\/users\//);
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Email').fill('officer@leenops.test');
    await dialog.getByLabel('Name').fill('Olive Officer');
    await dialog.getByLabel('Role').selectOption('PRIVACY_OFFICER');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('officer@leenops.test was invited');
    const mail = await database.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', 'officer@leenops.test')
      .where('kind', '=', 'STAFF_ACCOUNT')
      .executeTakeFirstOrThrow();
    const password = /initial password:\n\n(\S+)\n/.exec(mail.body_text ?? '')?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await dialog.textContent()).not.toContain(password);
    await screenshots(page, 'dashboard-user-created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Olive Officer/ }).count()).toBe(1);
    await expect
      .poll(() =>
        page
          .getByRole('row', { name: /Olive Officer/ })
          .getByText('invited')
          .count(),
      )
      .toBe(1);
    await screenshots(page, 'dashboard-users');

    const officer = await newPage();
    await officer.page.goto(`${site.base}/dashboard/sign-in/`);
    await signIn(officer.page, 'officer@leenops.test', password);
    await officer.page.waitForURL(`${site.base}/dashboard/`);
    // Nothing of the organization until the invitation is accepted.
    const invitations = officer.page.getByRole('region', { name: 'Invitations' });
    await expect.poll(() => invitations.getByText(/invited you to join with the role Privacy officer/).count()).toBe(1);
    await expect.poll(() => officer.page.getByText('Your account has no organization yet.').count()).toBe(1);
    expect(await axeViolations(officer.page)).toEqual([]);
    await screenshots(officer.page, 'dashboard-invitation');
    await invitations.getByRole('button', { name: /^Accept the invitation/ }).click();
    await expect.poll(() => officer.page.getByText('Privacy officer of leenops').count()).toBe(1);
    // The invitations list reloads on its own, maybe after the membership shows.
    await expect.poll(() => officer.page.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
    await officer.context.close();
  });

  it('changes a role and disables a member from the list', async () => {
    const row = page.getByRole('row', { name: /Olive Officer/ });
    await row.getByRole('button', { name: 'Change role of Olive Officer' }).click();
    const roleDialog = page.getByRole('dialog', { name: 'Change the role of Olive Officer' });
    await roleDialog.getByLabel('Auditor').check();
    await roleDialog.getByRole('button', { name: 'Change role to Auditor' }).click();
    await expect
      .poll(() =>
        database.db
          .selectFrom('membership')
          .select('role')
          .where('role', '=', 'AUDITOR')
          .execute()
          .then((rows) => rows.length),
      )
      .toBe(2);
    await row.getByRole('button', { name: 'Disable Olive Officer' }).click();
    await page.getByRole('dialog', { name: 'Disable this user?' }).getByRole('button', { name: 'Disable user' }).click();
    await expect.poll(() => row.getByText('disabled').count()).toBe(1);
    // Your own row offers neither.
    expect(await page.getByRole('button', { name: /^Disable admin/ }).count()).toBe(0);
  });

  it('shows every step in the audit explorer, filters it, and verifies the chain', async () => {
    await sealPending({ db: database.db, clock: systemClock }, systemPrincipal('test'));
    await createCheckpoint({ db: database.db, clock: systemClock }, systemPrincipal('test'), appServices.signingKey);
    await page.goto(`${site.base}/dashboard/audit/?org=leenops`);
    const table = page.getByRole('table', { name: 'Events, newest first' });
    await expect.poll(() => table.getByText('api_token.revoked').count()).toBe(1);
    for (const action of ['api_token.created', 'member.added', 'member.role_changed', 'member.disabled']) {
      expect(await table.getByText(action, { exact: true }).count(), action).toBeGreaterThan(0);
    }
    await screenshots(page, 'dashboard-audit');

    await page.getByLabel('What happened').selectOption('api_token');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => table.locator('tbody tr').filter({ hasText: 'api_token.' }).count()).toBe(2);
    // The unfiltered page already held both api_token rows: only the other rows leaving shows the filter applied.
    await expect.poll(() => table.getByText('member.disabled').count()).toBe(0);
    await expect
      .poll(() => page.getByRole('link', { name: 'CSV' }).getAttribute('href'))
      .toBe('/audit/export?organization=leenops&format=csv&action=api_token');
    const exported = await page.evaluate(async () =>
      (await fetch('/audit/export?organization=leenops&format=ndjson&action=api_token')).text(),
    );
    expect(
      exported
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).action),
    ).toEqual(['api_token.created', 'api_token.revoked']);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    // Recomputing every hash: slower than a page's answer on a loaded machine.
    await expect.poll(() => page.getByText(/^Chain verified: \d+ events checked/).count(), { timeout: 30_000 }).toBe(1);
    // The checkpoint is fetched apart from the verification: it may arrive after it.
    await expect.poll(() => page.getByText(/Latest signed checkpoint: seq \d+/).count()).toBe(1);
    await screenshots(page, 'dashboard-audit-verified');
  });

  it('signs out with a button, after which the dashboard asks to sign in again', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You are signed out.').count()).toBe(1);
    await screenshots(page, 'dashboard-signed-out');
    await page.goto(`${site.base}/dashboard/audit/?org=leenops`);
    await page.waitForURL(/\/dashboard\/sign-in\/\?next=%2Fdashboard%2Faudit%2F/);
  });
});

describe('the dashboard, as a viewer', () => {
  it('offers none of the admin or auditor pages, and the API refuses them anyway', async () => {
    const { context, page } = await newPage('viewer@leenops.test');
    await page.goto(`${site.base}/dashboard/users/`);
    await expect.poll(() => page.getByText('Your role in LeenOps does not include this page.').count(), { timeout: 10_000 }).toBe(1);
    const offered = await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link').allTextContents();
    expect(offered).toContain('Overview');
    for (const page of ['Audit trail', 'API tokens', 'Users']) expect(offered).not.toContain(page);
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    await screenshots(page, 'dashboard-viewer-refused');
    // With the viewer's own session, from the page: a document outside the dashboard's list is refused…
    const membersHash = [...loadTrustedDocuments()].find(([, text]) => text.startsWith('query DashboardMembers('))?.[0];
    const answers = await page.evaluate(async (sha256Hash) => {
      const send = async (body: unknown) =>
        (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      return {
        arbitrary: await send({ query: '{ apiTokens(organization: "leenops") { id } }' }),
        persisted: await send({ variables: { organization: 'leenops' }, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      };
    }, membersHash);
    expect(answers.arbitrary.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    // …and the dashboard's own document for the users list is refused to a viewer by the API itself.
    expect(answers.persisted.errors[0].extensions.code).toBe('FORBIDDEN');
    await context.close();
  });
});

describe('signing in', () => {
  it('says clearly when an account is locked after repeated failures', async () => {
    const { context, page } = await newPage();
    await page.goto(`${site.base}/dashboard/sign-in/`);
    await signIn(page, 'locked@leenops.test', 'not the password at all');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email or password is incorrect.');
    for (let attempt = 0; attempt < 5; attempt++) await signIn(page, 'locked@leenops.test', 'not the password at all');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Your account is locked for now\. Too many failed sign-ins\. Try again in \d+ minutes?\.$/);
    expect(await page.getByRole('alert').evaluate((alert) => alert === document.activeElement)).toBe(true);
    await screenshots(page, 'dashboard-sign-in-locked');
    await context.close();
  });

  it('goes only to dashboard pages of this origin after signing in, whatever ?next= says', async () => {
    for (const next of ['//evil.example/', '/..//evil.example/x']) {
      const { context, page } = await newPage();
      await page.goto(`${site.base}/dashboard/sign-in/?next=${encodeURIComponent(next)}`);
      await signIn(page, 'admin@leenops.test');
      await page.waitForURL(`${site.base}/dashboard/`);
      await context.close();
    }
  });
});

/** One page of each template; the names become screenshot file names. */
const PORTAL_TEMPLATES = {
  'portal-home': '/',
  'portal-organization': '/leenops/',
  'portal-policy': '/leenops/terms-of-service/',
  'portal-version': '/leenops/terms-of-service/v/1.0/',
  'portal-search': '/search/?q=data',
  'portal-not-found': '/no/such/page/',
  'portal-privacy-request': '/leenops/privacy-request/',
  'portal-transparency': '/leenops/transparency/',
};

// Each test visits every template, runs axe on it and photographs it twice: minutes on a busy machine.
const EVERY_TEMPLATE_TIMEOUT_MS = 180_000;

describe('accessibility (axe) and screenshots of every page template', () => {
  it('finds no violations on the public portal pages', { timeout: EVERY_TEMPLATE_TIMEOUT_MS }, async () => {
    const { context, page } = await newPage();
    const found: Record<string, string[]> = {};
    for (const [name, url] of Object.entries(PORTAL_TEMPLATES)) {
      await page.goto(`${site.base}${url}`);
      await page.waitForLoadState('networkidle');
      found[name] = await axeViolations(page);
      await screenshots(page, name);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(PORTAL_TEMPLATES).map((name) => [name, []])));
    await context.close();
  });

  it('finds no violations on the dashboard pages, dialogs open or not', { timeout: EVERY_TEMPLATE_TIMEOUT_MS }, async () => {
    const found: Record<string, string[]> = {};
    const signInPage = await newPage();
    await signInPage.page.goto(`${site.base}/dashboard/sign-in/`);
    await signInPage.page.getByLabel('Email').waitFor();
    found['sign-in'] = await axeViolations(signInPage.page);
    await signInPage.context.close();
    const { context, page } = await newPage('admin@leenops.test');
    await page.goto(`${site.base}/dashboard/`);
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    found.overview = await axeViolations(page);
    await screenshots(page, 'dashboard-overview');
    const views = [
      ['audit', '/dashboard/audit/?org=leenops', 'Verify chain'],
      ['tokens', '/dashboard/tokens/?org=leenops', 'Create token'],
      ['users', '/dashboard/users/?org=leenops', 'Add user'],
    ] as const;
    for (const [name, url, button] of views) {
      await page.goto(`${site.base}${url}`);
      await page.getByRole('button', { name: button }).waitFor();
      await page.waitForLoadState('networkidle');
      found[name] = await axeViolations(page);
      if (name !== 'audit') {
        await page.getByRole('button', { name: button }).click();
        await page.getByRole('dialog').waitFor();
        found[`${name} dialog`] = await axeViolations(page);
        await screenshots(page, `dashboard-${name}-dialog`);
        await page.keyboard.press('Escape');
      }
    }
    await page.goto(`${site.base}/dashboard/sign-out/`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    found['sign-out'] = await axeViolations(page);
    await screenshots(page, 'dashboard-sign-out');
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
    await context.close();
  });
});

describe('the Content-Security-Policy', () => {
  it('blocked nothing on any page the tests visited', () => {
    expect(opened.cspViolations).toEqual([]);
  });
});
