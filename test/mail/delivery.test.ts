// The mail outbox against a real SMTP server on loopback: what a committed
// transaction queues arrives (with its Message-ID), what rolled back never
// does, failures back off and recover, and racing workers send once.
import { systemPrincipal } from '@governance/api/auth/principal';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { claimDueMail } from '@governance/api/mail/outbox.repository';
import { enqueueMail } from '@governance/api/mail/outbox.service';
import { createMailTransport, type MailTransport } from '@governance/api/mail/transport';
import { DomainError } from '@governance/api/shared/domain-error';
import { createLogger } from '@governance/api/shared/logger';
import { APP_ROLE, createDb } from '@governance/db';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { enqueueCommitted, sampleMessage } from './fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

const logger = createLogger('silent');
const START = '2026-11-22T05:00:00.000Z';
const MINUTE = 60_000;

describe('mail delivery through SMTP', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    transport = createMailTransport({ smtpUrl: smtp.url, from: 'Portal <no-reply@portal.example>', directory: '/nonexistent' }, logger);
  });
  afterEach(async () => {
    // Each test starts with an empty queue and an empty mailbox.
    await database.owner.deleteFrom('mail_outbox').execute();
    smtp.received.length = 0;
  });
  afterAll(async () => {
    transport.close();
    await smtp.stop();
    await database.drop();
  });

  const row = (id: string) => database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('delivers a mail queued in a committed transaction, with its recipient, subject, body and Message-ID', async () => {
    const clock = movableClock(START);
    const queued = await enqueueCommitted(database.db, sampleMessage(1), clock);
    expect(queued.messageId).toMatch(/^<[0-9a-f-]{36}@governance-portal\.local>$/);

    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual(['requester-1@example.com']);
    expect(mail?.from).toBe('no-reply@portal.example');
    expect(mail?.header('Message-ID')).toBe(queued.messageId);
    expect(mail?.header('Subject')).toBe('Please confirm your request 1');
    expect(mail?.header('To')).toBe('requester-1@example.com');
    expect(mail?.body).toContain('https://portal.example/verify?token=secret-1');

    // Delivered: recorded, and the body (a secret link) is no longer kept.
    const stored = await row(queued.id);
    expect(stored).toMatchObject({ delivered_at: new Date(START), attempts: 1, body_text: null, attachments: null, failed_at: null });
    // Nothing is sent twice.
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
  });

  it('sends attachments (a completion receipt) as MIME parts', async () => {
    const clock = movableClock(START);
    const receipt = JSON.stringify({ reference: 'DR-2026-7K3Q9' });
    await enqueueCommitted(
      database.db,
      sampleMessage(2, {
        kind: 'COMPLETED',
        attachments: [{ filename: 'receipt.json', content: receipt, contentType: 'application/json' }],
      }),
      clock,
    );
    await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'));
    const raw = smtp.received[0]?.raw ?? '';
    expect(raw).toMatch(/Content-Type: application\/json; name=receipt\.json/);
    expect(raw).toMatch(/Content-Disposition: attachment; filename=receipt\.json/);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const clock = movableClock(START);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, sampleMessage(3), clock);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.received).toEqual([]);
    expect(await database.owner.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
  });

  it('retries with exponential backoff while the server is down, then delivers with the same Message-ID', async () => {
    const clock = movableClock(START);
    const queued = await enqueueCommitted(database.db, sampleMessage(4), clock);
    await smtp.stop();
    try {
      const result = await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'));
      expect(result).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      let stored = await row(queued.id);
      expect(stored.attempts).toBe(1);
      expect(stored.last_error).toMatch(/ECONNREFUSED/);
      expect(stored.last_error).not.toMatch(/\n\s+at /); // no stack
      expect(stored.next_attempt_at).toEqual(new Date(Date.parse(START) + MINUTE));

      // Not due before its time.
      clock.advance(MINUTE - 1);
      expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
        delivered: 0,
        retrying: 0,
        failed: 0,
      });
      clock.advance(1);
      expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
        delivered: 0,
        retrying: 1,
        failed: 0,
      });
      stored = await row(queued.id);
      expect(stored.attempts).toBe(2);
      expect(stored.next_attempt_at).toEqual(new Date(Date.parse(START) + 3 * MINUTE)); // then 2 minutes
    } finally {
      await smtp.start();
    }
    clock.advance(2 * MINUTE);
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.received.map((mail) => mail.header('Message-ID'))).toEqual([queued.messageId]);
    expect(await row(queued.id)).toMatchObject({ attempts: 3, delivered_at: clock.now(), last_error: null });
  });

  it('gives up after the maximum number of attempts and keeps no body', async () => {
    const clock = movableClock(START);
    const queued = await enqueueCommitted(database.db, sampleMessage(5), clock);
    await smtp.stop();
    try {
      const policy = { maxAttempts: 2 };
      expect(await deliverDueMail({ db: database.db, transport, clock, logger, policy }, systemPrincipal('test'))).toMatchObject({
        retrying: 1,
      });
      clock.advance(MINUTE);
      expect(await deliverDueMail({ db: database.db, transport, clock, logger, policy }, systemPrincipal('test'))).toMatchObject({
        failed: 1,
      });
      clock.advance(24 * 60 * MINUTE);
      expect(await deliverDueMail({ db: database.db, transport, clock, logger, policy }, systemPrincipal('test'))).toEqual({
        delivered: 0,
        retrying: 0,
        failed: 0,
      });
    } finally {
      await smtp.start();
    }
    expect(await row(queued.id)).toMatchObject({
      attempts: 2,
      failed_at: new Date(Date.parse(START) + MINUTE),
      delivered_at: null,
      body_text: null,
    });
  });

  it('resends a mail whose sender died before recording it, after the lease, with the same Message-ID', async () => {
    const clock = movableClock(START);
    const queued = await enqueueCommitted(database.db, sampleMessage(6), clock);
    // A worker claims it and sends it, then dies before it can record the delivery.
    const [claimed] = await claimDueMail(database.db, clock.now(), new Date(clock.now().getTime() + 5 * MINUTE), 10);
    expect(claimed?.id).toBe(queued.id);
    if (!claimed) throw new Error('nothing claimed');
    await transport.send({
      to: claimed.recipient,
      subject: claimed.subject,
      text: claimed.body_text ?? '',
      messageId: claimed.message_id,
      date: claimed.created_at,
      attachments: [],
    });
    // While the lease runs, nobody else sends it.
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    clock.advance(5 * MINUTE);
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    // At least once, and every copy carries the one Message-ID.
    expect(smtp.received.map((mail) => mail.header('Message-ID'))).toEqual([queued.messageId, queued.messageId]);
  });

  it('delivers each message exactly once when two workers race', async () => {
    const clock = movableClock(START);
    const count = 40;
    const queued = await Promise.all(
      Array.from({ length: count }, (_, index) => enqueueCommitted(database.db, sampleMessage(100 + index), clock)),
    );
    // Two replicas: separate connection pools and transports.
    const other = createDb(database.url, { role: APP_ROLE });
    database.adopt(() => other.destroy());
    const otherTransport = createMailTransport(
      { smtpUrl: smtp.url, from: 'Portal <no-reply@portal.example>', directory: '/nonexistent' },
      logger,
    );
    const policy = { batchSize: 3 };
    const [first, second] = await Promise.all([
      deliverDueMail({ db: database.db, transport, clock, logger, policy }, systemPrincipal('test')),
      deliverDueMail({ db: other, transport: otherTransport, clock, logger, policy }, systemPrincipal('test')),
    ]);
    otherTransport.close();
    expect(first.delivered + second.delivered).toBe(count);
    expect(first.delivered).toBeGreaterThan(0);
    expect(second.delivered).toBeGreaterThan(0);
    const ids = smtp.received.map((mail) => mail.header('Message-ID'));
    expect(ids).toHaveLength(count);
    expect(new Set(ids)).toEqual(new Set(queued.map((mail) => mail.messageId)));
  });

  it('refuses a header that would smuggle in another header, naming the field', async () => {
    const clock = movableClock(START);
    const attempt = enqueueCommitted(database.db, sampleMessage(7, { subject: 'Hello\r\nBcc: victim@example.com' }), clock);
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_MAIL', field: 'subject' });
    await expect(enqueueCommitted(database.db, sampleMessage(8, { to: 'not an address' }), clock)).rejects.toMatchObject({ field: 'to' });
  });
});
