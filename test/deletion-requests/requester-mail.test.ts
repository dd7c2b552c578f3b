// The mail a requester receives, as the outbox holds it and as it leaves:
// from the organization's name, a plain-text and an HTML part rendered from
// one source (the same links and codes in both, what people typed escaped in
// HTML), Auto-Submitted: auto-generated, dates in words and counts with the
// right plural.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { publicSummaryOf } from '@governance/api/deletion-requests/public-history';
import { applyStaffAction } from '@governance/api/deletion-requests/staff-actions.service';
import { verifyDeletionRequest } from '@governance/api/deletion-requests/verification.service';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport } from '@governance/api/mail/transport';
import type { MailKind } from '@governance/db';
import { counted, dateInWords } from '@governance/policies/vocabulary/words';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const NOW = '2026-11-22T10:00:00.000Z';
const NO_REQUEST = { requestId: null, ip: null, userAgent: null };

let database: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'acme', 'Acme & Co');
  api = createTestApi(database, NOW);
});
afterAll(() => database.drop());

const stored = (email: string, kind: MailKind) =>
  database.db
    .selectFrom('mail_outbox')
    .select(['from_name', 'subject', 'body_text', 'body_html'])
    .where('recipient', '=', email)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();

/** A request confirmed, started, extended by a month and completed, as staff work it. */
async function workedRequest() {
  const submitted = await submitForTest(api, { organization: 'acme' });
  await verifyDeletionRequest(api.services, submitted.verificationToken, NO_REQUEST);
  const actor = { principal: systemPrincipal('test'), request: NO_REQUEST };
  let version = 2;
  for (const command of [
    { action: 'START' as const },
    { action: 'EXTEND' as const, amount: 1, reason: 'Backups <b>rotate</b> monthly.\nWe wait for the next one.' },
    { action: 'COMPLETE' as const, summary: 'Your account & its order history.', systems: ['accounts', 'orders'] },
  ])
    version = (await applyStaffAction(api.services, actor, submitted.id, version, command)).version;
  return submitted;
}

describe('a requester’s mail', () => {
  it('comes from the organization’s name, with a text and an HTML part carrying the same link and code', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const mail = await stored(submitted.email, 'VERIFICATION');
    expect(mail.from_name).toBe('Acme & Co');
    const link = /(http\S+#token=drv_[\w-]+)/.exec(mail.body_text ?? '')?.[1] ?? '';
    const code = /code: {6}([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail.body_text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    expect(code).not.toBe('');
    expect(mail.body_html).toContain(`<a href="${link}">${link}</a>`);
    expect(mail.body_html).toContain(code);
    // The organization's name is text in HTML, never markup.
    expect(mail.body_html).toContain('Acme &amp; Co received a request');
    expect(mail.body_html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it('gives dates in words, counts with the right plural, and escapes in HTML what staff typed', async () => {
    const submitted = await workedRequest();
    const received = await stored(submitted.email, 'RECEIVED');
    // GDPR: one month from 22 November 2026.
    expect(received.body_text).toContain('will be answered by 22 December 2026.');
    const extended = await stored(submitted.email, 'EXTENDED');
    expect(extended.body_text).toContain('to 22 January 2027.');
    expect(extended.body_text).toContain('Backups <b>rotate</b> monthly.\nWe wait for the next one.');
    expect(extended.body_html).toContain('Backups &lt;b&gt;rotate&lt;/b&gt; monthly.<br>\nWe wait for the next one.');
    expect(extended.body_html).not.toContain('<b>');
    const completed = await stored(submitted.email, 'COMPLETED');
    // What was deleted, in the organization's words, and from where.
    expect(completed.body_text).toContain('What was deleted:\n\nYour account & its order history.\n\nFrom: accounts, orders.');
    expect(completed.body_html).toContain('Your account &amp; its order history.');
    expect(completed.body_text).toContain('http://portal.test/acme/privacy-request/status/');
    expect(completed.body_text).not.toContain('pnpm');
    // The status page's history says the extension in words too.
    const timeline = await database.db
      .selectFrom('deletion_request_event')
      .select(['kind', 'details'])
      .where('request_id', '=', submitted.id)
      .where('kind', '=', 'EXTENDED')
      .executeTakeFirstOrThrow();
    const details = timeline.details as { amount: number; unit: string; reason: string };
    expect(
      publicSummaryOf({ kind: 'EXTENDED', extension: { amount: details.amount, unit: details.unit }, reason: details.reason } as never),
    ).toMatch(/^Deadline extended by 1 month: /);
  });

  it('leaves as multipart/alternative from "Organization" <MAIL_FROM address>, marked Auto-Submitted: auto-generated', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'requester-mail-')), 'mail');
    const logger = api.services.logger;
    const transport = createMailTransport({ smtpUrl: undefined, from: 'Governance portal <no-reply@portal.test>', directory }, logger);
    try {
      await deliverDueMail({ db: database.db, transport, clock: api.services.clock, logger }, systemPrincipal('test'));
    } finally {
      transport.close();
    }
    const files = await readdir(directory);
    const emls = await Promise.all(files.map((file) => readFile(path.join(directory, file), 'utf8')));
    const eml = emls.find((candidate) => candidate.includes(`To: ${submitted.email}`)) ?? '';
    // Quoted, as RFC 5322 wants a name with &.
    expect(eml).toContain('From: "Acme & Co" <no-reply@portal.test>');
    expect(eml).toContain('Auto-Submitted: auto-generated');
    expect(eml).toMatch(/Content-Type: multipart\/alternative/);
    expect(eml).toMatch(/Content-Type: text\/plain/);
    expect(eml).toMatch(/Content-Type: text\/html/);
    // Delivered: both bodies are erased from the outbox, as the text always was.
    const row = await stored(submitted.email, 'VERIFICATION');
    expect(row).toMatchObject({ body_text: null, body_html: null });
  });
});

describe('counts and dates in words', () => {
  it('says 1 month and 2 months, never 1 months or day(s), whichever form the unit comes in', () => {
    expect(counted(1, 'month')).toBe('1 month');
    expect(counted(1, 'months')).toBe('1 month');
    expect(counted(2, 'month')).toBe('2 months');
    expect(counted(0, 'day')).toBe('0 days');
    expect(counted(1, 'deletion request')).toBe('1 deletion request');
    expect(counted(3, 'person')).toBe('3 people');
  });

  it('writes a deadline as the day in UTC, in words', () => {
    expect(dateInWords(new Date('2026-12-22T23:59:59.999Z'))).toBe('22 December 2026');
    expect(dateInWords('2027-01-01T00:00:00.000Z')).toBe('1 January 2027');
  });
});
