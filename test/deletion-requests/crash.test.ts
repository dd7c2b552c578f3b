// The whole API process killed with SIGKILL in the middle of 200 concurrent
// submissions (with retries of the same idempotency keys) and started again:
// nothing it acknowledged is lost, each key is one request, and every mail it
// queued arrives, a resend keeping the Message-ID of the first copy.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { createOrganization } from '../helpers/staff.ts';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp.ts';

/**
 * The product's own claim lease: far longer than any send, however busy the machine, so the
 * restarted server never claims a message again mid-send. The test does not wait it out: it
 * ends the dead process's claims itself (`leasesRunOut`), as the passing of that time would.
 */
const MAIL_LEASE_MS = 5 * 60_000;

const SUBMISSIONS = 200;
const KILL_AFTER_ACKNOWLEDGED = 50;
/** The SMTP server takes this message and never confirms it: the API dies mid-send. */
const HELD_MESSAGE = 10;

const SUBMIT = `mutation ($input: SubmitDeletionRequestInput!) {
  submitDeletionRequest(input: $input) {
    __typename
    ... on MutationSubmitDeletionRequestSuccess { data { reference } }
    ... on InputError { code message }
  }
}`;

describe('the API killed with SIGKILL under a load of submissions', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let dataDir: string;
  let port: number;
  let server: ChildProcess | undefined;

  async function startServer(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '../fixtures/api-server.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        DATA_DIR: dataDir,
        PORT: String(port),
        MAIL_LEASE_MS: String(MAIL_LEASE_MS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout ?? child, 'data')) as [Buffer];
    expect(String(line)).toContain('listening');
    return child;
  }

  /**
   * What the lease's end does to the claims of a process that died: each undelivered message it
   * held becomes due now. Only claims move; a message is claimed by nothing else.
   */
  async function leasesRunOut(): Promise<void> {
    const now = new Date();
    const released = await database.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: now })
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '>', now)
      .returning('id')
      .execute();
    // The held message at least was claimed and never confirmed.
    expect(released.length).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    smtp = await startSmtpServer({ hold: (n) => n === HELD_MESSAGE });
    dataDir = await mkdtemp(path.join(tmpdir(), 'api-crash-'));
    port = await findFreePort();
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await smtp.stop();
    await database.drop();
  });

  it('loses nothing acknowledged, keeps one request per key, and delivers every queued mail', async () => {
    server = await startServer();
    const acknowledged = new Map<string, string>();
    const answersPerKey = new Map<string, Set<string>>();
    let failedAttempts = 0;

    /** One attempt; the reference on success, null when the server could not be reached or failed. */
    async function attempt(index: number): Promise<string | null> {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-graphql-csrf': '1',
            // Each requester from an address of its own, as on the internet.
            'x-forwarded-for': `10.1.${Math.floor(index / 250)}.${index % 250}`,
          },
          body: JSON.stringify({
            query: SUBMIT,
            variables: {
              input: {
                organization: 'acme',
                idempotencyKey: `crash-test-key-${index}`,
                email: `crash-${index}@example.com`,
                name: `Requester ${index}`,
                jurisdiction: 'GDPR',
              },
            },
          }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { data?: { submitDeletionRequest?: { __typename: string; data?: { reference: string } } } };
        return body.data?.submitDeletionRequest?.data?.reference ?? null;
      } catch {
        return null;
      }
    }

    /** A client that retries until acknowledged, and sometimes sends the same key again anyway. */
    async function client(index: number): Promise<void> {
      const key = `crash-test-key-${index}`;
      for (;;) {
        const retries = Math.random() < 0.3 ? 2 : 1;
        const answers = await Promise.all(Array.from({ length: retries }, () => attempt(index)));
        for (const reference of answers) {
          if (!reference) continue;
          answersPerKey.set(key, (answersPerKey.get(key) ?? new Set()).add(reference));
          acknowledged.set(key, reference);
        }
        if (acknowledged.has(key)) return;
        failedAttempts++;
        await sleep(50 + Math.random() * 150);
      }
    }

    const load = Promise.all(Array.from({ length: SUBMISSIONS }, (_, index) => sleep(index * 15).then(() => client(index))));
    await eventually(() => acknowledged.size >= KILL_AFTER_ACKNOWLEDGED && smtp.received.length >= HELD_MESSAGE, 60_000);
    const exited = once(server, 'exit');
    server.kill('SIGKILL');
    await exited;
    // Past the claim lease of the message the dead process was sending.
    await leasesRunOut();
    server = await startServer();
    await load;

    expect(acknowledged.size).toBe(SUBMISSIONS);
    expect(failedAttempts).toBeGreaterThan(0);
    // Every retry of a key got the same request back.
    expect([...answersPerKey.values()].every((references) => references.size === 1)).toBe(true);
    const rows = await database.db.selectFrom('deletion_request').select(['idempotency_key', 'reference', 'id']).execute();
    expect(rows).toHaveLength(SUBMISSIONS);
    expect(new Map(rows.map((row) => [row.idempotency_key, row.reference]))).toEqual(acknowledged);

    // Every request queued its verification mail with it, and every queued mail arrives.
    const outbox = await database.db
      .selectFrom('mail_outbox')
      .select(['message_id', 'recipient'])
      .where('kind', '=', 'VERIFICATION')
      .execute();
    expect(outbox).toHaveLength(SUBMISSIONS);
    await eventually(
      async () => (await database.db.selectFrom('mail_outbox').select('id').where('delivered_at', 'is', null).execute()).length === 0,
      90_000,
    );
    const copies = new Map<string, number>();
    for (const mail of smtp.received) copies.set(mail.header('message-id') ?? '', (copies.get(mail.header('message-id') ?? '') ?? 0) + 1);
    for (const mail of outbox) expect(copies.get(mail.message_id) ?? 0).toBeGreaterThanOrEqual(1);
    // The message the dead process was sending went again, under its first Message-ID.
    const held = smtp.received[HELD_MESSAGE - 1]?.header('message-id') ?? '';
    expect(copies.get(held)).toBe(2);
    expect([...copies.keys()].every((messageId) => outbox.some((mail) => mail.message_id === messageId))).toBe(true);
  }, 240_000);
});
