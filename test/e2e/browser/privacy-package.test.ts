// An access request answered with a package, in real Chromium: staff seal
// the package on the request page; the requester opens the status page from
// the mailed link, reads the package as a page and downloads its JSON; a
// used-up link and an unknown one get the same answer. Axe finds nothing on
// each template at both widths in both colour schemes, and each is
// photographed (test-artifacts/screenshots/privacy-package-*).
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { systemClock } from '@governance/api/shared/clock';
import { requestDetailUrl } from '@governance/policies/vocabulary/urls';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, testApiOver } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { outboxMail, submitForTest } from '../../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createOrganization, createStaff, signIn as signInByApi } from '../../helpers/staff.ts';

const OFFICER = 'olive@leenops.test';
const STATUS_PATH = '/leenops/privacy-request/status/';
const ITEMS = [
  {
    category: 'Account',
    system: 'Accounts database',
    fields: [
      { name: 'Email', value: 'grace@example.com' },
      { name: 'Plan', value: 'Team' },
    ],
  },
  { category: 'Orders', system: 'Billing', fields: [{ name: 'Invoice 2026-0042', value: '3 seats, paid 2026-10-01' }] },
];

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;
let request: { id: string; reference: string; email: string };

beforeAll(async () => {
  opened = await openBrowserSite();
  ({ database, site, browser } = opened);
  await createOrganization(database.db, 'leenops');
  await createStaff(database, OFFICER, { organization: 'leenops', role: 'PRIVACY_OFFICER' });
  const services = opened.services;
  services.publicUrl = site.base;
  const api = testApiOver(services);
  request = await submitForTest(api, { organization: 'leenops', kinds: ['ACCESS'], email: 'grace@example.com' });
  const officer = await signInByApi(api, OFFICER);
  const verified = await api.query(
    `mutation ($id: ID!) { verifyDeletionRequestManually(id: $id, version: 1, reason: "Checked by phone") { __typename } }`,
    { id: request.id },
    { cookie: officer },
  );
  if (JSON.stringify(verified).includes('InputError')) throw new Error(JSON.stringify(verified));
}, BUILD_TIMEOUT);

afterAll(async () => {
  await opened?.close();
});

async function lookedAt(page: Page, name: string): Promise<void> {
  expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
  await screenshots(page, name);
}

async function statusLink(): Promise<string> {
  const [received] = await outboxMail(testApiOver(createTestServices(database, systemClock)), request.email, 'RECEIVED');
  return /https?:\/\/\S+\/privacy-request\/status\/#token=[\w-]+/.exec(received?.body_text ?? '')?.[0] ?? '';
}

describe('a copy of the data, from the dashboard to the status page', { timeout: 300_000 }, () => {
  let sha256 = '';

  it('lets staff seal the package on the request page, showing its fingerprint and live link', async () => {
    const { context, page } = await opened.newPage({ as: OFFICER });
    await page.goto(`${site.base}${requestDetailUrl('leenops', request.id)}`);
    await page.getByLabel("The requester's data, as JSON: one entry per category and system").fill(JSON.stringify(ITEMS, null, 2));
    await page.getByRole('button', { name: 'Seal the package' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'is sealed' }).count()).toBe(1);
    await expect.poll(() => page.getByText('ready to download: 0 of 3 downloads').count()).toBe(1);
    sha256 = (await page.locator('.dash-package-hash').textContent()) ?? '';
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    await lookedAt(page, 'privacy-package-dashboard');
    await context.close();
  });

  it('lets the requester read the package as a page and download its JSON from the status page, and nowhere else', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(await statusLink());
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    const readIt = page.getByRole('link', { name: 'Download your data' });
    await readIt.waitFor();
    expect(await page.getByText(sha256).count()).toBe(1);
    await lookedAt(page, 'privacy-package-status');

    // The page to read: the data by category and system, escaped, without a script.
    await readIt.click();
    await page.getByRole('heading', { name: 'Your data held by LEENOPS' }).waitFor();
    expect(await page.getByText('3 seats, paid 2026-10-01').count()).toBe(1);
    expect(await page.locator('script, style, [style]').count()).toBe(0);
    await lookedAt(page, 'privacy-package-page');

    // The machine-readable file: the fingerprint is the SHA-256 of exactly its bytes.
    await page.goto(`${site.base}${STATUS_PATH}`);
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as JSON (machine-readable)' }).click(),
    ]);
    expect(saved.suggestedFilename()).toBe(`${request.reference}-data.json`);
    const bytes = await readFile((await saved.path()) ?? '');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect(JSON.parse(bytes.toString('utf8')).data[0].systems[0].fields).toEqual(ITEMS[0]?.fields);
    await page.goto(`${site.base}${STATUS_PATH}`);
    expect(await page.getByText('for 1 more download').count()).toBe(1);
    await context.close();
  });

  it('answers a used-up link exactly as an unknown one: the same status and the same page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(await statusLink());
    await page.waitForURL(`${site.base}${STATUS_PATH}`);
    const href = (await page.getByRole('link', { name: 'Download your data' }).getAttribute('href')) ?? '';
    // The last download, then the link is used up.
    expect((await page.goto(`${site.base}${href}`))?.status()).toBe(200);
    const usedUp = await page.goto(`${site.base}${href}`);
    const usedUpBody = await usedUp?.text();
    const unknown = await page.goto(`${site.base}${STATUS_PATH}?download=data&format=html&link=${randomUUID()}`);
    expect([usedUp?.status(), unknown?.status()]).toEqual([404, 404]);
    expect(await unknown?.text()).toBe(usedUpBody);
    await page.getByRole('heading', { name: 'This download link no longer works' }).waitFor();
    await lookedAt(page, 'privacy-package-link-gone');
    await page.goto(`${site.base}${STATUS_PATH}`);
    expect(await page.getByText('The download link for your data is no longer active').count()).toBe(1);
    await context.close();
  });
});
