import type { AuditAction } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { pendingCount, sealChainBatch, sealedThrough, sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { eventHash, GENESIS_HASH, SITE_CHAIN } from '@governance/api/audit/chain';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { APP_ROLE, createDb } from '@governance/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, recordConcurrently, sampleEvent } from './fixtures.ts';

/** Verification is a service entry point: tests call it as the system. */
const AS_SYSTEM = systemPrincipal('test');

const clock = fixedClock('2026-11-22T04:00:00Z');
const at = new Date('2026-11-22T03:00:00Z');

async function seqs(database: TestDatabase, chain: string): Promise<number[]> {
  const rows = await database.db.selectFrom('audit_event').select('seq').where('chain', '=', chain).orderBy('seq').execute();
  return rows.map((row) => Number(row.seq));
}

const oneTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe('audit sealer', () => {
  let database: TestDatabase;
  let acme: string;
  let globex: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    globex = await createOrganization(database.db, 'globex');
  });
  afterAll(() => database.drop());

  it('chains pending events per organization from the genesis hash, in pending order, and empties the queue', async () => {
    const events = [acme, globex, acme, null, acme].map((organizationId, index) => sampleEvent(organizationId, index, at));
    for (const event of events) await database.db.transaction().execute((trx) => recordAuditEvent(trx, event));
    expect(await pendingCount(database.db)).toBe(5);

    expect(await sealPending({ db: database.db, clock }, systemPrincipal('test'))).toBe(5);
    expect(await pendingCount(database.db)).toBe(0);

    const rows = await database.db.selectFrom('audit_event').selectAll().where('chain', '=', acme).orderBy('seq').execute();
    expect(rows.map((row) => [Number(row.seq), JSON.parse(row.metadata).index])).toEqual([
      [1, 0],
      [2, 2],
      [3, 4],
    ]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[0]?.sealed_at).toEqual(clock.now());
    const first = rows[0];
    if (!first) throw new Error('no event');
    expect(
      eventHash(
        {
          chain: acme,
          organizationId: acme,
          occurredAt: first.occurred_at,
          actor: { type: first.actor_type, id: first.actor_id, label: first.actor_label },
          action: first.action,
          target: { type: first.target_type, id: first.target_id },
          requestId: first.request_id,
          ip: first.ip,
          userAgent: first.user_agent,
          metadata: first.metadata,
        },
        1,
        GENESIS_HASH,
      ),
    ).toBe(first.hash);
    expect(await seqs(database, globex)).toEqual([1]);
    expect(await seqs(database, SITE_CHAIN)).toEqual([1]);
    expect(await sealedThrough(database.db, acme)).toEqual({ seq: 3, hash: rows[2]?.hash });
    expect(await sealedThrough(database.db, '00000000-0000-4000-8000-000000000000')).toEqual({ seq: 0, hash: GENESIS_HASH });

    // Later events continue the chain from its head.
    await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, 5, at)));
    expect(await sealPending({ db: database.db, clock }, systemPrincipal('test'))).toBe(1);
    expect(await seqs(database, acme)).toEqual([1, 2, 3, 4]);
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { keys: new Map() })).toEqual({
      ok: true,
      eventsChecked: 4,
      firstBadSeq: null,
      reason: null,
    });
  });

  it('never seals an event whose transaction has not committed, nor one that rolled back', async () => {
    const before = (await sealedThrough(database.db, globex)).seq;
    await database.db
      .transaction()
      .execute(async (trx) => {
        await recordAuditEvent(trx, sampleEvent(globex, 100, at));
        // Sealing from another connection while this transaction is open sees nothing of it.
        expect(await sealPending({ db: database.db, clock }, systemPrincipal('test'))).toBe(0);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await sealPending({ db: database.db, clock }, systemPrincipal('test'))).toBe(0);
    expect((await sealedThrough(database.db, globex)).seq).toBe(before);
  });

  it('stores lone surrogates (which RFC 8785 cannot express) as U+FFFD, so the event still seals', async () => {
    await database.db.transaction().execute((trx) =>
      recordAuditEvent(trx, {
        organizationId: globex,
        actor: { type: 'USER', id: 'u\ud800', label: 'bad \udfff label' },
        action: 'user.renamed' as AuditAction,
        metadata: { name: 'x\ud800y', 'k\udc00': ['\ud83d\ude00'] },
        occurredAt: at,
      }),
    );
    expect(await sealPending({ db: database.db, clock }, systemPrincipal('test'))).toBe(1);
    const row = await database.db
      .selectFrom('audit_event')
      .select(['actor_id', 'actor_label', 'metadata'])
      .where('action', '=', 'user.renamed')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      actor_id: 'u\ufffd',
      actor_label: 'bad \ufffd label',
      metadata: '{"k\ufffd":["\ud83d\ude00"],"name":"x\ufffdy"}',
    });
    expect((await verifyChain({ db: database.db }, AS_SYSTEM, globex, { keys: new Map() })).ok).toBe(true);
  });

  it('two sealers racing over 1,000 pending events leave gap-free chains that verify', async () => {
    const events = Array.from({ length: 1000 }, (_, index) => sampleEvent([acme, globex, null][index % 3] ?? null, 1000 + index, at));
    await recordConcurrently(database.db, events, 16);
    const heads = { acme: (await sealedThrough(database.db, acme)).seq, globex: (await sealedThrough(database.db, globex)).seq };
    // A second pool, as a second replica would have.
    const replica = createDb(database.url, { role: APP_ROLE });
    try {
      const sealed = await Promise.all([
        sealPending({ db: database.db, clock }, systemPrincipal('test'), { batchSize: 37 }),
        sealPending({ db: replica, clock }, systemPrincipal('test'), { batchSize: 23 }),
        sealPending({ db: database.db, clock }, systemPrincipal('test'), { batchSize: 50 }),
      ]);
      expect(sealed.reduce((a, b) => a + b, 0)).toBe(1000);
    } finally {
      await replica.destroy();
    }
    expect(await pendingCount(database.db)).toBe(0);
    expect(await seqs(database, acme)).toEqual(oneTo(heads.acme + 334));
    expect(await seqs(database, globex)).toEqual(oneTo(heads.globex + 333));
    for (const chain of [acme, globex, SITE_CHAIN])
      expect((await verifyChain({ db: database.db }, AS_SYSTEM, chain, { keys: new Map() })).ok).toBe(true);
  });

  it('a sealer that dies mid-batch leaves nothing behind, and the next one seals everything', async () => {
    for (let index = 0; index < 20; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(globex, 5000 + index, at)));
    }
    const head = await sealedThrough(database.db, globex);
    // A sealer (as the application role) takes the chain's lock and writes half a batch, then its connection dies.
    const dying = new pg.Client({ connectionString: database.url, options: `-c role=${APP_ROLE}` });
    dying.on('error', () => {});
    await dying.connect();
    await dying.query('begin');
    await dying.query('select pg_advisory_xact_lock(7261100, hashtext($1))', [globex]);
    await dying.query(
      `insert into audit_event (chain, seq, organization_id, occurred_at, actor_type, action, metadata, prev_hash, hash)
       values ($1::text, $2, $1::uuid, '2026-11-22T03:00:00.000000Z', 'SYSTEM', 'half.done', '{}', $3, $3)`,
      [globex, head.seq + 1, head.hash],
    );
    await dying.query('delete from audit_event_pending where organization_id = $1', [globex]);
    const { rows } = await dying.query<{ pid: number }>('select pg_backend_pid() as pid');

    // The next sealer waits for the lock, then finds the queue as it was.
    const next = sealChainBatch(database.db, clock, globex, 500);
    await database.owner.selectNoFrom((eb) => eb.fn('pg_terminate_backend', [eb.val(rows[0]?.pid)]).as('done')).execute();
    expect(await next).toBe(20);
    await dying.end().catch(() => {});

    expect(await seqs(database, globex)).toEqual(oneTo(head.seq + 20));
    expect((await verifyChain({ db: database.db }, AS_SYSTEM, globex, { keys: new Map() })).ok).toBe(true);
  });
});
