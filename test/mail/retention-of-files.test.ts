// Nothing personal outlives its retention outside the database: the .eml
// files written without SMTP go with their outbox rows when the retention
// sweep deletes them, a file that cannot be removed keeps its row, and the
// server log names mail by its outbox id or Message-ID, never by address.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { runRetentionSweepTask } from '@governance/api/jobs/retention-sweep';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport, type MailTransport } from '@governance/api/mail/transport';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, testApiOver } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { captureLog } from '../helpers/log.ts';
import { createOrganization } from '../helpers/staff.ts';
import { enqueueCommitted, sampleMessage } from './fixtures.ts';

/** The sweep acts for the system, as the job and the command do. */
const AS_SYSTEM = systemPrincipal('test');

const DAY = 86_400_000;
const FROM = 'Governance portal <no-reply@localhost>';

async function mailDirectory(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'mail-retention-')), 'mail');
}

const fileOf = (messageId: string) => `${messageId.replace(/^<|@.*$/g, '')}.eml`;

describe('mail files and the outbox retention', () => {
  let database: TestDatabase;
  let acme: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
  });
  afterAll(() => database.drop());

  const rowExists = async (id: string) =>
    (await database.db.selectFrom('mail_outbox').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('removes the file of every row the scheduled sweep deletes, and files whose row is gone, keeping the rest', async () => {
    const clock = movableClock('2026-06-01T09:00:00.000Z');
    const directory = await mailDirectory();
    const log = captureLog();
    const transport = createMailTransport({ smtpUrl: undefined, from: FROM, directory }, log.logger);
    const deliver = () => deliverDueMail({ db: database.db, transport, clock, logger: log.logger }, systemPrincipal('test'));
    const old = [
      await enqueueCommitted(database.db, sampleMessage(1, { organizationId: acme }), clock),
      await enqueueCommitted(database.db, sampleMessage(2, { organizationId: acme }), clock),
    ];
    await deliver();
    clock.advance(20 * DAY);
    const recent = await enqueueCommitted(database.db, sampleMessage(3, { organizationId: acme }), clock);
    await deliver();
    transport.close();
    // A file whose row is already gone (swept by a version that left files behind), and a file that is not mail.
    const orphan = `${randomUUID()}.eml`;
    await writeFile(path.join(directory, orphan), 'To: someone@example.com\n');
    await writeFile(path.join(directory, 'README.txt'), 'not mail\n');
    expect((await readdir(directory)).sort()).toEqual(
      [...old.map((mail) => fileOf(mail.messageId)), fileOf(recent.messageId), orphan, 'README.txt'].sort(),
    );

    // 31 days after the first two were delivered: outside the default P30D; the third is inside.
    clock.advance(11 * DAY);
    await runRetentionSweepTask({ ...createTestServices(database, clock), logger: log.logger, mailDirectory: directory });

    expect(await rowExists(old[0]?.id ?? '')).toBe(false);
    expect(await rowExists(old[1]?.id ?? '')).toBe(false);
    expect(await rowExists(recent.id)).toBe(true);
    expect((await readdir(directory)).sort()).toEqual([fileOf(recent.messageId), 'README.txt'].sort());
  });

  it('keeps the row, and says the sweep failed, when its file cannot be removed; the next sweep finishes both', async () => {
    const clock = movableClock('2026-06-01T09:00:00.000Z');
    const directory = await mailDirectory();
    const log = captureLog();
    const transport = createMailTransport({ smtpUrl: undefined, from: FROM, directory }, log.logger);
    const globex = (await database.db.selectFrom('organization').select('id').where('slug', '=', 'globex').executeTakeFirstOrThrow()).id;
    const mail = await enqueueCommitted(database.db, sampleMessage(4, { organizationId: globex }), clock);
    await deliverDueMail({ db: database.db, transport, clock, logger: log.logger }, systemPrincipal('test'));
    transport.close();
    // Something in the way that rm cannot remove (a directory by the file's name; permissions do not stop root).
    const file = path.join(directory, fileOf(mail.messageId));
    await rm(file);
    await mkdir(path.join(file, 'stuck'), { recursive: true });

    clock.advance(31 * DAY);
    const deps = { db: database.db, clock, signingKey: null, mailDirectory: directory, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR };
    await expect(sweepOrganization(deps, AS_SYSTEM, 'globex', { dryRun: false, startedBy: 'cli' })).rejects.toThrow();
    expect(await rowExists(mail.id)).toBe(true);

    await rm(file, { recursive: true });
    const done = await sweepOrganization(deps, AS_SYSTEM, 'globex', { dryRun: false, startedBy: 'cli' });
    expect(done.outcomes.find((outcome) => outcome.category === 'mail-outbox')?.count).toBe(1);
    expect(await rowExists(mail.id)).toBe(false);
  });

  it('logs no requester address during an intake, a delivery to a file and a refused delivery', async () => {
    const log = captureLog('debug');
    const clock = movableClock('2026-06-01T09:00:00.000Z');
    const services = createTestServices(database, clock);
    services.logger = log.logger;
    const api = testApiOver(services);
    const email = 'private.person@example.org';
    const submitted = await api.query<{ submitDeletionRequest: { __typename: string } }>(
      `mutation ($email: String!) { submitDeletionRequest(input: { organization: "acme", idempotencyKey: "log-check", email: $email, name: "Private Person", jurisdiction: GDPR }) { __typename } }`,
      { email },
    );
    expect(submitted.data?.submitDeletionRequest.__typename).not.toBe('InputError');

    // The first attempt is refused by a server that names the recipient, as SMTP servers do.
    const refusing: MailTransport = {
      send: async (mail) => {
        throw new Error(`550 5.1.1 <${mail.to}>: Recipient address rejected`);
      },
      close: () => {},
    };
    expect(
      await deliverDueMail({ db: database.db, transport: refusing, clock, logger: log.logger }, systemPrincipal('test')),
    ).toMatchObject({ retrying: 1 });
    clock.advance(DAY);
    const transport = createMailTransport({ smtpUrl: undefined, from: FROM, directory: await mailDirectory() }, log.logger);
    expect(await deliverDueMail({ db: database.db, transport, clock, logger: log.logger }, systemPrincipal('test'))).toMatchObject({
      delivered: 1,
    });
    transport.close();

    const lines = log.lines();
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['could not deliver a mail; will retry', 'mail written to file (no SMTP_URL)']),
    );
    expect(lines.find((line) => line.msg === 'could not deliver a mail; will retry')).toHaveProperty('mailId');
    expect(lines.find((line) => line.msg === 'mail written to file (no SMTP_URL)')).toHaveProperty('messageId');
    expect(log.text().toLowerCase()).not.toContain(email);
  });
});
