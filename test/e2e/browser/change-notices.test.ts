// Change notices in real Chromium, against the site as production serves it,
// with mail going through a real SMTP server: a visitor subscribes on a
// policy page's "Get notified of changes" form (no script involved: it posts),
// ends on "Check your email", confirms through the mailed link, and gets one
// notice when a new material version is published through the sync; the
// notice's unsubscribe link opens a page with a button (opening it changes
// nothing), which unsubscribes. Every template passes axe at both widths in
// both colour schemes and is photographed (test-artifacts/screenshots/change-notices-*),
// the policy and changes pages that carry the form included.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailDelivery } from '@governance/api/jobs/mail-delivery';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createTestServices } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { eventually } from '../../helpers/eventually.ts';
import { copyOfPolicies, writeVersion } from '../../helpers/policy-files.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { syncShippedPolicies } from '../../helpers/shipped-policies.ts';
import { startSmtpServer, type TestSmtpServer } from '../../mail/smtp.ts';

const SUBSCRIBER = 'lin@example.com';

let opened: BrowserSite;
let database: BrowserSite['database'];
let site: BrowserSite['site'];
let browser: Browser;
let smtp: TestSmtpServer;
let mail: { close(): Promise<void> };
let services: ReturnType<typeof createTestServices>;

beforeAll(async () => {
  opened = await openBrowserSite({ prepare: syncShippedPolicies });
  ({ database, site, browser } = opened);
  smtp = await startSmtpServer();
  services = opened.services;
  mail = await startMailDelivery({
    db: database.db,
    databaseUrl: database.url,
    clock: systemClock,
    logger: createLogger('silent'),
    mail: { smtpUrl: smtp.url, from: 'LeenOps <notices@leenops.test>', directory: path.join(tmpdir(), 'unused-mail') },
  });
  services.publicUrl = site.base;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await mail?.close();
  await smtp?.stop();
  await opened?.close();
});

/** The text of the latest message to the subscriber whose subject starts with `subject` (quoted-printable decoded). */
async function mailText(subject: string): Promise<string> {
  const find = () =>
    smtp.received.findLast((message) => message.to.includes(SUBSCRIBER) && (message.header('subject') ?? '').startsWith(subject));
  // eventually's generous default: the delivery job wakes on the outbox's notification, or at its next poll
  // (every 10 s) for a message queued while it was still starting to listen, as the first test's may be.
  await eventually(() => find() !== undefined);
  return (find()?.body ?? '')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function linkIn(text: string, page: 'confirm' | 'unsubscribe'): string {
  const link = new RegExp(`https?://\\S+/changes/${page}/\\?token=[\\w-]+`).exec(text)?.[0];
  if (!link) throw new Error(`no ${page} link in:\n${text}`);
  return link;
}

async function lookedAt(page: Page, name: string): Promise<void> {
  expect(await axeViolationsAtEveryWidthAndScheme(page), name).toEqual([]);
  await screenshots(page, name);
}

/** A material Terms of Service 1.1 for LeenOps, published through the sync as `pnpm start` would. */
async function publishNewTerms(): Promise<void> {
  const root = await copyOfPolicies();
  await writeVersion(
    root,
    'leenops',
    'terms-of-service',
    {
      title: 'Terms of Service',
      version: '1.1',
      published: '2026-12-01',
      effective: '2027-03-01',
      summary: 'Fees are now billed yearly',
      material: true,
    },
    'These Terms of Service govern access to LeenOps.\n\n## 1. Fees\n\nFees are billed yearly.\n',
  );
  const lock = await readLock(root);
  if (!lock.ok) throw new Error(lock.problem.message);
  await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
  const checked = await checkPolicies(root);
  expect(checked.problems).toEqual([]);
  const report = await syncPolicies(database.db, checked, systemClock, { publicUrl: site.base });
  expect(report.noticesQueued).toEqual({ 'leenops/terms-of-service@1.1': 1 });
}

describe('change notices in the browser', { timeout: 300_000 }, () => {
  it('subscribe on a policy page → confirm through the mail → one notice of a new version → unsubscribe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // The form sits on the policy page; an empty address is refused beside its field, on the form's own page.
    await page.goto(`${site.base}/leenops/terms-of-service/`);
    const form = page.getByRole('region', { name: 'Get notified of changes' });
    await expect.poll(() => form.getByLabel('Changes to its policies').isChecked()).toBe(true);
    await lookedAt(page, 'change-notices-policy-page');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/leenops\/changes\/subscribe\/$/);
    await expect.poll(() => page.locator('.error-summary li').allTextContents()).toEqual(['Enter your email address.']);
    await lookedAt(page, 'change-notices-form-errors');

    await page.getByLabel('Email address').fill(SUBSCRIBER);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/leenops\/changes\/subscribe\/check-email\/$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    await lookedAt(page, 'change-notices-check-email');

    // Opening the link confirms nothing; the button does.
    await page.goto(linkIn(await mailText('Confirm that you want notices'), 'confirm'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your subscription');
    const pending = await database.db.selectFrom('change_subscription').select('status').executeTakeFirstOrThrow();
    expect(pending.status).toBe('PENDING');
    await lookedAt(page, 'change-notices-confirm');
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await page.waitForURL(/\/leenops\/changes\/subscribed\/$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('You’re subscribed');
    await lookedAt(page, 'change-notices-subscribed');

    await publishNewTerms();
    const notice = await mailText('LeenOps changes its Terms of Service (version 1.1)');
    expect(notice).toContain('The change takes effect on 2027-03-01.');
    expect(notice).toContain(`${site.base}/leenops/terms-of-service/changes/1.0...1.1/`);
    const received = smtp.received.filter((message) => message.to.includes(SUBSCRIBER));
    expect(received.map((message) => message.header('List-Unsubscribe-Post'))).toEqual([
      'List-Unsubscribe=One-Click',
      'List-Unsubscribe=One-Click',
    ]);

    // Opening the unsubscribe link (as a mail scanner would) changes nothing; the button unsubscribes.
    await page.goto(linkIn(notice, 'unsubscribe'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe');
    const still = await database.db.selectFrom('change_subscription').select('status').executeTakeFirstOrThrow();
    expect(still.status).toBe('CONFIRMED');
    await lookedAt(page, 'change-notices-unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('You’re unsubscribed');
    await lookedAt(page, 'change-notices-unsubscribed');
    const ended = await database.db.selectFrom('change_subscription').select(['status', 'email']).executeTakeFirstOrThrow();
    expect(ended).toEqual({ status: 'UNSUBSCRIBED', email: null });
    await context.close();
  });

  it('offers the form on the changes page, with both topics ticked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.base}/leenops/changes/`);
    const form = page.getByRole('region', { name: 'Get notified of changes' });
    await expect.poll(() => form.getByLabel('Changes to its policies').isChecked()).toBe(true);
    expect(await form.getByLabel('Changes to its list of subprocessors').isChecked()).toBe(true);
    await lookedAt(page, 'change-notices-changes-page');
    await context.close();
  });

  it('unsubscribes at once on a mail program’s one-click POST (RFC 8058), whatever its encoding, with no Origin', async () => {
    const email = 'oneclick@example.com';
    const form = new URLSearchParams({ email, topics: 'POLICIES' });
    const posted = await fetch(`${site.base}/leenops/changes/subscribe/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/leenops/changes/subscribe/check-email/');
    const confirmation = await database.db
      .selectFrom('mail_outbox')
      .select('list_unsubscribe_url')
      .where('recipient', '=', email)
      .executeTakeFirstOrThrow();
    const link = confirmation.list_unsubscribe_url ?? (await mailUnsubscribeLink(email));
    // As Gmail sends it: multipart/form-data, from its servers (no Origin).
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const answer = await fetch(link, { method: 'POST', body, redirect: 'manual' });
    expect(answer.status).toBe(200);
    const subscription = await database.db
      .selectFrom('change_subscription')
      .select(['status', 'email'])
      .where('status', '=', 'UNSUBSCRIBED')
      .where('email', 'is', null)
      .execute();
    expect(subscription.length).toBe(2);
  });
});

/** The confirmation mail's unsubscribe link, once delivery emptied the outbox's copy. */
async function mailUnsubscribeLink(email: string): Promise<string> {
  const find = () => smtp.received.findLast((message) => message.to.includes(email));
  // eventually's generous default: the delivery job wakes on the outbox's notification, or at its next poll
  // (every 10 s) for a message queued while it was still starting to listen, as the first test's may be.
  await eventually(() => find() !== undefined);
  const header = find()?.header('List-Unsubscribe') ?? '';
  return header.replace(/^<|>$/g, '');
}
