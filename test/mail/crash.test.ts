// The mail half of the crash test: a delivery process killed with SIGKILL
// in the middle of sending loses nothing, and the resend carries the
// Message-ID of the first copy.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport } from '@governance/api/mail/transport';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { enqueueCommitted, sampleMessage } from './fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

const LEASE_MS = 1000;
const logger = createLogger('silent');

describe('a delivery process killed mid-send', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    // The first message reaches the server, which never confirms it.
    smtp = await startSmtpServer({ hold: (n) => n === 1 });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await smtp.stop();
    await database.drop();
  });

  it('is resent after the lease by another process, with the same Message-ID', async () => {
    worker = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-worker.ts'), database.url, smtp.url, String(LEASE_MS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [ready] = (await once(worker.stdout ?? worker, 'data')) as [Buffer];
    expect(String(ready)).toContain('ready');

    const queued = await enqueueCommitted(database.db, sampleMessage(1), systemClock);
    await eventually(() => smtp.received.length === 1);
    const exited = once(worker, 'exit');
    worker.kill('SIGKILL');
    await exited;
    // Sent but not recorded: still due, claimed once.
    expect(await database.db.selectFrom('mail_outbox').select(['attempts', 'delivered_at']).executeTakeFirstOrThrow()).toEqual({
      attempts: 1,
      delivered_at: null,
    });

    // Another replica picks it up once the dead one's lease has run out.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 50));
    const transport = createMailTransport(
      { smtpUrl: smtp.url, from: 'Portal <no-reply@portal.example>', directory: '/nonexistent' },
      logger,
    );
    try {
      expect(await deliverDueMail({ db: database.db, transport, clock: systemClock, logger }, systemPrincipal('test'))).toEqual({
        delivered: 1,
        retrying: 0,
        failed: 0,
      });
    } finally {
      transport.close();
    }
    expect(smtp.received.map((mail) => mail.header('Message-ID'))).toEqual([queued.messageId, queued.messageId]);
    expect(await database.db.selectFrom('mail_outbox').select(['attempts']).where('delivered_at', 'is not', null).execute()).toEqual([
      { attempts: 2 },
    ]);
  });
});
