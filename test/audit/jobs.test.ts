// The audit jobs as the API process runs them: the sealer on an interval and
// on NOTIFY, and the hourly checkpoint through graphile-worker.
import { generateKeyPairSync } from 'node:crypto';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { pendingCount, sealedThrough } from '@governance/api/audit/audit-sealer.service';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { CHECKPOINT_TASK, startAuditCheckpoints } from '@governance/api/jobs/audit-checkpoints';
import { AUDIT_PENDING_CHANNEL, startAuditSealer } from '@governance/api/jobs/audit-sealer';
import { fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');
const logger = createLogger('silent');

describe('the audit jobs', () => {
  let database: TestDatabase;
  let acme: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
  });
  afterAll(() => database.drop());

  it('the sealer seals committed events within its interval', async () => {
    const sealer = await startAuditSealer({ db: database.db, clock, logger, intervalMs: 50 });
    try {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, 1, clock.now())));
      await eventually(async () => (await pendingCount(database.db)) === 0, 2000);
      expect((await sealedThrough(database.db, acme)).seq).toBe(1);
    } finally {
      await sealer.close();
    }
  });

  it('the sealer wakes at once on a NOTIFY at commit, long before its interval', async () => {
    const sealer = await startAuditSealer({ db: database.db, clock, logger, databaseUrl: database.url, intervalMs: 60_000 });
    try {
      const before = (await sealedThrough(database.db, acme)).seq;
      await database.db.transaction().execute(async (trx) => {
        await recordAuditEvent(trx, sampleEvent(acme, 2, clock.now()));
        await sql`select pg_notify(${AUDIT_PENDING_CHANNEL}, '')`.execute(trx);
      });
      const waited = await eventually(async () => (await sealedThrough(database.db, acme)).seq === before + 1, 5000);
      expect(waited).toBeLessThan(5000);
    } finally {
      await sealer.close();
    }
  });

  it('the checkpoint job runs through graphile-worker and signs every chain head', async () => {
    const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
    const job = await startAuditCheckpoints({ db: database.db, databaseUrl: database.url, clock, logger, key });
    try {
      // What the crontab does at the top of each hour.
      await sql`select graphile_worker.add_job(${CHECKPOINT_TASK})`.execute(database.owner);
      // The worker hears of a new job by NOTIFY, or else at its next poll (every 10 s): on a busy machine
      // the job can be added before the worker listens, so allow for one poll.
      await eventually(async () => (await database.db.selectFrom('audit_checkpoint').select('seq').execute()).length > 0, 35_000);
      const head = await sealedThrough(database.db, acme);
      expect(await database.db.selectFrom('audit_checkpoint').select(['chain', 'seq', 'hash', 'public_key_id']).execute()).toEqual([
        { chain: acme, seq: String(head.seq), hash: head.hash, public_key_id: key.id },
      ]);
      // The crontab is registered with graphile-worker (so one replica runs it each hour).
      await eventually(async () => {
        const { rows } = await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs`.execute(
          database.owner,
        );
        return rows.some((row) => row.identifier === CHECKPOINT_TASK);
      });
    } finally {
      await job.close();
    }
  }, 60_000);
});
