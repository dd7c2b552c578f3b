// The delivery job as the API process runs it through graphile-worker: the
// outbox's insert trigger adds a job in the enqueueing transaction, so a mail
// goes right after commit; a sweep every minute takes whatever no job covers.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppServices } from '@governance/api/app-services';
import { MAIL_DELIVERY_TASK, startMailDelivery } from '@governance/api/jobs/mail-delivery';
import { enqueueMail } from '@governance/api/mail/outbox.service';
import { fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { enqueueCommitted, sampleMessage } from './fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

const clock = fixedClock('2026-11-22T05:00:00Z');
const logger = createLogger('silent');

describe('the mail delivery job', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.stop();
    await database.drop();
  });

  const mailSettings = () => ({ smtpUrl: smtp.url, from: 'Portal <no-reply@portal.example>', directory: '/nonexistent' });

  it('delivers through the sweep what was queued before the job queue existed, and after commit what is queued later', async () => {
    // No graphile_worker schema yet: queueing must still work (the sweep covers it).
    const early = await enqueueCommitted(database.db, sampleMessage(1), clock);
    const job = await startMailDelivery({ db: database.db, databaseUrl: database.url, clock, logger, mail: mailSettings() });
    try {
      // The sweep is registered as a crontab (one replica runs it each minute)…
      await eventually(async () => {
        const { rows } = await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs`.execute(
          database.owner,
        );
        return rows.some((row) => row.identifier === MAIL_DELIVERY_TASK);
      });
      // …and this is what it does each minute.
      await sql`select graphile_worker.add_job(${MAIL_DELIVERY_TASK})`.execute(database.owner);
      await eventually(() => smtp.received.length === 1);
      expect(smtp.received[0]?.header('Message-ID')).toBe(early.messageId);

      // Now the queue exists: the insert's own job sends it, with no sweep and no poll.
      const started = performance.now();
      const late = await enqueueCommitted(database.db, sampleMessage(2), clock);
      await eventually(() => smtp.received.length === 2, 5000);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(smtp.received[1]?.header('Message-ID')).toBe(late.messageId);
      // Recorded just after the SMTP server acknowledged it.
      await eventually(async () =>
        (await database.db.selectFrom('mail_outbox').select('delivered_at').execute()).every((row) => row.delivered_at !== null),
      );
    } finally {
      await job.close();
    }
  });

  it('a rolled-back transaction adds no job and sends nothing', async () => {
    const job = await startMailDelivery({ db: database.db, databaseUrl: database.url, clock, logger, mail: mailSettings() });
    try {
      const before = smtp.received.length;
      await expect(
        database.db.transaction().execute(async (trx) => {
          await enqueueMail(trx, sampleMessage(3), clock);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // A committed one after it arrives; the rolled-back one never does.
      const after = await enqueueCommitted(database.db, sampleMessage(4), clock);
      await eventually(() => smtp.received.length === before + 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(smtp.received.slice(before).map((mail) => mail.header('Message-ID'))).toEqual([after.messageId]);
    } finally {
      await job.close();
    }
  });

  it('runs in the API process (startAppServices) and writes .eml files when no SMTP_URL is set', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mail-app-'));
    const running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock,
      logger,
      sessions: { idleMs: 60_000, absoluteMs: 3_600_000 },
      trustProxy: false,
      auditSigningKey: { value: undefined, file: path.join(dataDir, 'audit-signing-key.pem') },
      mail: { smtpUrl: undefined, from: 'Governance portal <no-reply@localhost>', directory: path.join(dataDir, 'mail') },
      publicUrl: 'http://portal.test',
    });
    try {
      const queued = await enqueueCommitted(database.db, sampleMessage(5), clock);
      const directory = path.join(dataDir, 'mail');
      await eventually(async () => (await readdir(directory).catch(() => [])).length === 1);
      const [file] = await readdir(directory);
      const eml = await readFile(path.join(directory, file ?? ''), 'utf8');
      expect(eml).toContain(`Message-ID: ${queued.messageId}`);
    } finally {
      await running.close();
    }
  });
});
