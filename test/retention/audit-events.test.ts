// Retention of the audit trail itself: only whole calendar months older than
// the period go, after a signed `retention.purged` record of the last event
// removed is sealed into the chain, and the chain that remains verifies.
// The database refuses every other way of removing events.
import { generateKeyPairSync } from 'node:crypto';
import type { AuditAction } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { createCheckpoint, publishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { purgeThroughSeq } from '@governance/api/audit/audit-purge.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { checkpointPayload, checkpointSignatureValid, signCheckpointPayload } from '@governance/api/audit/checkpoint';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { trustedKeysOf } from '@governance/api/audit/trusted-keys';
import { systemPrincipal } from '@governance/api/auth/principal';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { fixedClock } from '@governance/api/shared/clock';
import type { Db } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/staff.ts';
import { setSetting } from './fixtures.ts';

/** Verification is a service entry point: tests call it as the system. */
const AS_SYSTEM = systemPrincipal('test');

const NOW = new Date('2026-07-15T00:00:00.000Z');
const clock = fixedClock(NOW);
const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
/** The sweep's key is the configured one, so the server trusts it. */
const keys = trustedKeysOf([key]);
/** A deployment that allows a short audit retention (AUDIT_RETENTION_FLOOR=P1M), so months can be purged here. */
const SHORT_FLOOR = 'P1M';

async function record(db: Db, organizationId: string, occurredAt: string, action: AuditAction = 'policy.version_published', metadata = {}) {
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, {
      organizationId,
      actor: { type: 'SYSTEM', id: null, label: 'system' },
      action,
      metadata,
      occurredAt: new Date(occurredAt),
    }),
  );
}

async function seqs(db: Db, chain: string): Promise<number[]> {
  const rows = await db.selectFrom('audit_event').select('seq').where('chain', '=', chain).orderBy('seq').execute();
  return rows.map((row) => Number(row.seq));
}

/** Events of January to April, then July: seqs 1-3 January, 4-5 February, 6-7 March, 8-9 April, 10 July. */
async function fiveMonths(db: Db, organizationId: string) {
  for (const at of [
    '2026-01-02T10:00:00Z',
    '2026-01-15T10:00:00Z',
    '2026-01-31T23:59:59.999Z',
    '2026-02-01T00:00:00Z',
    '2026-02-20T00:00:00Z',
    '2026-03-01T00:00:00Z',
    '2026-03-31T23:59:59.999Z',
    '2026-04-01T00:00:00Z',
    '2026-04-30T00:00:00Z',
    '2026-07-01T00:00:00Z',
  ]) {
    await record(db, organizationId, at);
  }
  await sealPending({ db: db, clock }, systemPrincipal('test'));
}

describe('retention of audit events', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  describe('with a setting of P3M', () => {
    let acme: string;
    let savedCheckpoints: Awaited<ReturnType<typeof publishedCheckpoints>>;
    let dryCount: number | undefined;
    let runCount: number | undefined;

    beforeAll(async () => {
      acme = await createOrganization(database.db, 'acme');
      await fiveMonths(database.db, acme);
      await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
      // What an outside party saved before the purge: a checkpoint covering events that will go.
      savedCheckpoints = await publishedCheckpoints(database.db, { id: acme, slug: 'acme' }, keys);
      await setSetting(database.db, acme, 'audit-events', 'P3M');
      const deps = { db: database.db, clock, signingKey: key, auditRetentionFloor: SHORT_FLOOR };
      const countOf = (result: Awaited<ReturnType<typeof sweepOrganization>>) =>
        result.outcomes.find((outcome) => outcome.category === 'audit-events')?.count;
      dryCount = countOf(await sweepOrganization(deps, AS_SYSTEM, 'acme', { dryRun: true, startedBy: 'cli' }));
      runCount = countOf(await sweepOrganization(deps, AS_SYSTEM, 'acme', { dryRun: false, startedBy: 'cli' }));
      await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    });

    it('removes January to March (whole months before the cutoff’s month), and a dry run counted the same', async () => {
      // Cutoff 2026-04-15: April is not over before it, so April stays whole.
      expect(dryCount).toBe(7);
      expect(runCount).toBe(7);
      const remaining = await seqs(database.db, acme);
      expect(remaining[0]).toBe(8);
      const first = await database.db
        .selectFrom('audit_event')
        .select('occurred_at')
        .where('chain', '=', acme)
        .where('seq', '=', '8')
        .executeTakeFirstOrThrow();
      expect(first.occurred_at).toBe('2026-04-01T00:00:00.000000Z');
    });

    it('records the purge in the chain: last seq and hash, signed like a checkpoint', async () => {
      const [purged] = await database.db
        .selectFrom('audit_event')
        .select(['seq', 'metadata', 'actor_type'])
        .where('chain', '=', acme)
        .where('action', '=', 'retention.purged')
        .execute();
      expect(purged?.actor_type).toBe('SYSTEM');
      const metadata = JSON.parse(purged?.metadata ?? '{}');
      expect(metadata).toMatchObject({
        category: 'audit-events',
        period: 'P3M',
        firstSeq: 1,
        throughSeq: 7,
        count: 7,
        publicKeyId: key.id,
      });
      expect(metadata.lastHash).toBe(await hashOfSeven());
      const signed = {
        chain: acme,
        seq: 7,
        hash: metadata.lastHash,
        signedAt: metadata.signedAt,
        signature: metadata.signature,
        publicKeyId: key.id,
      };
      expect(checkpointSignatureValid(signed, key.publicKey)).toBe(true);
    });

    /** The hash event 7 had, as the chain's next event still links to it. */
    async function hashOfSeven(): Promise<string> {
      const row = await database.db
        .selectFrom('audit_event')
        .select('prev_hash')
        .where('chain', '=', acme)
        .where('seq', '=', '8')
        .executeTakeFirstOrThrow();
      return row.prev_hash;
    }

    it('leaves a chain that verifies, also against a checkpoint saved before the purge', async () => {
      const result = await verifyChain({ db: database.db }, AS_SYSTEM, acme, { keys });
      expect(result).toMatchObject({ ok: true, firstBadSeq: null });
      expect(result.eventsChecked).toBe((await seqs(database.db, acme)).length);
      const trusted = savedCheckpoints?.checkpoints ?? [];
      expect(trusted.map((checkpoint) => checkpoint.seq)).toEqual([10]);
      expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { trusted, keys })).toMatchObject({ ok: true });
    });

    it('a second sweep removes nothing', async () => {
      const again = await sweepOrganization(
        { db: database.db, clock, signingKey: key, auditRetentionFloor: SHORT_FLOOR },
        AS_SYSTEM,
        'acme',
        {
          dryRun: false,
          startedBy: 'job',
        },
      );
      expect(again.outcomes.find((outcome) => outcome.category === 'audit-events')?.count).toBe(0);
      expect((await seqs(database.db, acme))[0]).toBe(8);
    });
  });

  it('keeps the month of the newest event and a month an older event was sealed into late', async () => {
    const globex = await createOrganization(database.db, 'globex');
    await record(database.db, globex, '2026-01-10T00:00:00Z');
    await record(database.db, globex, '2026-02-10T00:00:00Z');
    await record(database.db, globex, '2026-03-10T00:00:00Z');
    await record(database.db, globex, '2026-04-02T00:00:00Z');
    // A March event sealed after an April one: March cannot go as a whole while April stays, so it stays.
    await record(database.db, globex, '2026-03-31T23:59:59Z');
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    expect(await purgeThroughSeq(database.db, globex, new Date('2026-04-15T00:00:00Z'))).toBe(2);
    // Everything is older than this cutoff, but the newest event (the late March one) stays, and with it all of March.
    expect(await purgeThroughSeq(database.db, globex, new Date('2027-01-01T00:00:00Z'))).toBe(2);
    expect(await purgeThroughSeq(database.db, globex, new Date('2026-01-20T00:00:00Z'))).toBe(0);
  });

  it('needs the signing key to purge; the other rules still run, and the next sweep with the key finishes the run', async () => {
    const initech = await createOrganization(database.db, 'initech');
    await record(database.db, initech, '2026-01-10T00:00:00Z');
    await record(database.db, initech, '2026-06-10T00:00:00Z');
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await setSetting(database.db, initech, 'audit-events', 'P1M');
    await expect(
      sweepOrganization({ db: database.db, clock, signingKey: null, auditRetentionFloor: SHORT_FLOOR }, AS_SYSTEM, 'initech', {
        dryRun: false,
        startedBy: 'cli',
      }),
    ).rejects.toMatchObject({
      code: 'AUDIT_SIGNING_KEY_REQUIRED',
    });
    expect(await seqs(database.db, initech)).toEqual([1, 2]);
    const [run] = await database.db
      .selectFrom('retention_run')
      .select(['id', 'status', 'rules'])
      .where('organization_id', '=', initech)
      .execute();
    expect(run?.status).toBe('RUNNING');
    expect(
      Object.entries(run?.rules ?? {})
        .filter(([, state]) => state.done)
        .map(([category]) => category)
        .sort(),
    ).toEqual([
      'api-tokens',
      'change-subscribers',
      'deletion-request-personal-data',
      'mail-outbox',
      'privacy-request-packages',
      'staff-sessions',
      'subprocessor-objector-contacts',
      'unverified-deletion-requests',
      'unverified-subprocessor-objections',
    ]);
    const resumed = await sweepOrganization(
      { db: database.db, clock, signingKey: key, auditRetentionFloor: SHORT_FLOOR },
      AS_SYSTEM,
      'initech',
      {
        dryRun: false,
        startedBy: 'job',
      },
    );
    expect(resumed.runId).toBe(run?.id);
    expect(resumed.outcomes.find((outcome) => outcome.category === 'audit-events')?.count).toBe(1);
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, initech, { keys })).toMatchObject({ ok: true });
  });

  it('a purge interrupted halfway leaves a chain that verifies, held to the signed hash', async () => {
    const partial = await createOrganization(database.db, 'partial');
    await fiveMonths(database.db, partial);
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
    const last = await database.db
      .selectFrom('audit_event')
      .select('hash')
      .where('chain', '=', partial)
      .where('seq', '=', '7')
      .executeTakeFirstOrThrow();
    const unsigned = { chain: partial, seq: 7, hash: last.hash, signedAt: '2026-07-15T00:00:00.000000Z' };
    await record(database.db, partial, '2026-07-15T00:00:00Z', 'retention.purged', {
      throughSeq: 7,
      lastHash: last.hash,
      signedAt: unsigned.signedAt,
      signature: signCheckpointPayload(checkpointPayload(unsigned), key.privateKey),
      publicKeyId: key.id,
    });
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    // The first batch of three went; the process died before the rest.
    await sql`select audit_purge_through(${partial}, 7::bigint, 3)`.execute(database.db);
    expect((await seqs(database.db, partial))[0]).toBe(4);
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, partial, { keys })).toMatchObject({ ok: true, eventsChecked: 8 });
    // Rewriting what is left of the purged months no longer matches the signed hash.
    await database.owner.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
      await sql`update audit_event set hash = ${'f'.repeat(64)} where chain = ${partial} and seq = 7`.execute(trx);
      await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
    });
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, partial, { keys })).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  describe('the database', () => {
    let hooli: string;
    beforeAll(async () => {
      hooli = await createOrganization(database.db, 'hooli');
      await fiveMonths(database.db, hooli);
    });

    it('refuses to let the application delete events, and its owner too outside a recorded purge', async () => {
      await expect(database.db.deleteFrom('audit_event').where('chain', '=', hooli).execute()).rejects.toThrow(/permission denied/);
      await expect(database.owner.deleteFrom('audit_event').where('chain', '=', hooli).execute()).rejects.toThrow(/append-only: DELETE/);
      await expect(sql`truncate audit_event`.execute(database.owner)).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(sql`select audit_purge_through(${hooli}, 3::bigint, 10)`.execute(database.db)).rejects.toThrow(
        /no sealed retention.purged event/,
      );
      expect(await seqs(database.db, hooli)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('purges only whole months, even with a record', async () => {
      await record(database.db, hooli, '2026-07-02T00:00:00Z', 'retention.purged', { throughSeq: 2 });
      await sealPending({ db: database.db, clock }, systemPrincipal('test'));
      await expect(sql`select audit_purge_through(${hooli}, 2::bigint, 10)`.execute(database.db)).rejects.toThrow(
        /seq 2 is not the last event of a month/,
      );
    });

    it('events removed with a record nobody could sign are caught by the verifier', async () => {
      // Someone with the database but not the key: a record signed by another key, then the purge.
      const forger = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
      const last = await database.db
        .selectFrom('audit_event')
        .select('hash')
        .where('chain', '=', hooli)
        .where('seq', '=', '3')
        .executeTakeFirstOrThrow();
      const unsigned = { chain: hooli, seq: 3, hash: last.hash, signedAt: '2026-07-02T00:00:00.000000Z' };
      await record(database.db, hooli, '2026-07-02T00:00:01Z', 'retention.purged', {
        throughSeq: 3,
        lastHash: last.hash,
        signedAt: unsigned.signedAt,
        signature: signCheckpointPayload(checkpointPayload(unsigned), forger.privateKey),
        publicKeyId: forger.id,
      });
      await sealPending({ db: database.db, clock }, systemPrincipal('test'));
      await sql`select audit_purge_through(${hooli}, 3::bigint, 10)`.execute(database.db);
      expect((await seqs(database.db, hooli))[0]).toBe(4);
      expect(await verifyChain({ db: database.db }, AS_SYSTEM, hooli, { keys })).toMatchObject({
        ok: false,
        firstBadSeq: 1,
        reason: expect.stringMatching(
          new RegExp(
            `^event 1 is missing \\(the next event has seq 4\\); the retention.purged record at seq \\d+ says events through seq 3 were purged, but it is signed by key ${forger.id.slice(0, 16)}…, which is not a trusted key$`,
          ),
        ),
      });
    });
  });
});
