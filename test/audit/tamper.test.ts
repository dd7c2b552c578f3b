import { systemPrincipal } from '@governance/api/auth/principal';
// Tampering as the database superuser: whatever is edited, deleted,
// reordered or inserted, verification names the first sequence number that
// is no longer what was sealed, and an intact chain always verifies.

import { generateKeyPairSync } from 'node:crypto';
import { createCheckpoint } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { verifyChainInParallel } from '@governance/api/audit/audit-verify-parallel';
import { eventHash } from '@governance/api/audit/chain';
import { EVENT_FACT_COLUMNS } from '@governance/api/audit/event-columns';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { type TrustedKeys, trustedKeysOf } from '@governance/api/audit/trusted-keys';
import { fixedClock } from '@governance/api/shared/clock';
import type { AuditEventRow, Db } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, recordConcurrently, sampleEvent, seededRandom } from './fixtures.ts';

/** Verification is a service entry point: tests call it as the system. */
const AS_SYSTEM = systemPrincipal('test');

const clock = fixedClock('2026-11-22T04:00:00Z');
const at = new Date('2026-11-22T03:00:00Z');
const CHAIN_LENGTH = 40;
const CASES = 200;

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** A tampering, and the seq verification must report for it. */
interface Tampering {
  describe: string;
  apply(trx: Db): Promise<void>;
  firstBadSeq: number;
}

/** Every fact of an event is text a superuser can edit. */
const EDITABLE_TEXT = EVENT_FACT_COLUMNS;

/** Seq values are moved out of the way first: (chain, seq) is the primary key and seq must stay positive. */
const PARK = 1_000_000;

function flipHex(hash: string, random: Random): string {
  const at = between(random, 0, hash.length - 1);
  const digit = hash[at] === 'a' ? 'b' : 'a';
  return hash.slice(0, at) + digit + hash.slice(at + 1);
}

function rowToContent(row: Omit<AuditEventRow, 'sealed_at'>) {
  return {
    chain: row.chain,
    organizationId: row.organization_id,
    occurredAt: row.occurred_at,
    actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    metadata: row.metadata,
  };
}

/** Kinds of tampering `tamperings` makes, numbered 0 to TAMPERING_KINDS - 1. */
const TAMPERING_KINDS = 12;

/** A random tampering, of a random kind unless `forcedKind` names one. */
function tamperings(chain: string, other: string, rows: AuditEventRow[], random: Random, forcedKind?: number): Tampering {
  const n = rows.length;
  const row = (seq: number) => rows[seq - 1] as AuditEventRow;
  const update = (seq: number, column: string, value: string | null) => async (trx: Db) => {
    await sql`update audit_event set ${sql.ref(column)} = ${value} where chain = ${chain} and seq = ${seq}`.execute(trx);
  };
  const kind = forcedKind ?? between(random, 0, TAMPERING_KINDS - 1);
  const k = between(random, 1, n);
  switch (kind) {
    case 0: {
      const column = EDITABLE_TEXT[between(random, 0, EDITABLE_TEXT.length - 1)] as (typeof EDITABLE_TEXT)[number];
      const old = row(k)[column];
      const nullable = !['occurred_at', 'actor_type', 'action'].includes(column);
      const value = old === null ? 'x' : nullable && random() < 0.3 ? null : `${old}x`;
      return { describe: `edit ${column} of ${k}`, apply: update(k, column, value), firstBadSeq: k };
    }
    case 1: {
      const metadata = JSON.parse(row(k).metadata);
      const variants = [
        JSON.stringify({ ...metadata, index: metadata.index + 1 }),
        JSON.stringify(metadata, null, 1), // the same JSON, no longer in its sealed form
        `${row(k).metadata.slice(0, -1)}`, // not JSON any more
        JSON.stringify({ ...metadata, extra: true }),
      ];
      const variant = between(random, 0, variants.length - 1);
      return {
        describe: `edit metadata of ${k} (variant ${variant})`,
        apply: update(k, 'metadata', variants[variant] ?? '{}'),
        firstBadSeq: k,
      };
    }
    case 2:
      return { describe: `edit hash of ${k}`, apply: update(k, 'hash', flipHex(row(k).hash, random)), firstBadSeq: k };
    case 3:
      return { describe: `edit prev_hash of ${k}`, apply: update(k, 'prev_hash', flipHex(row(k).prev_hash, random)), firstBadSeq: k };
    case 4:
      return { describe: `edit organization of ${k}`, apply: update(k, 'organization_id', random() < 0.5 ? other : null), firstBadSeq: k };
    case 5:
      return { describe: `move ${k} to another chain`, apply: update(k, 'chain', other), firstBadSeq: k };
    case 6: {
      const last = between(random, k, Math.min(n, k + 5));
      return {
        describe: `delete ${k}..${last}`,
        apply: async (trx) => {
          await sql`delete from audit_event where chain = ${chain} and seq between ${k} and ${last}`.execute(trx);
        },
        // Deleting the tail leaves a valid but shorter chain: the signed checkpoint at the head catches it.
        firstBadSeq: k,
      };
    }
    case 7: {
      const j = k === n ? k - 1 : between(random, k + 1, n);
      const [i, m] = [Math.min(k, j), Math.max(k, j)];
      return {
        describe: `swap ${i} and ${m}`,
        apply: async (trx) => {
          await sql`update audit_event set seq = ${PARK} where chain = ${chain} and seq = ${i}`.execute(trx);
          await sql`update audit_event set seq = ${i} where chain = ${chain} and seq = ${m}`.execute(trx);
          await sql`update audit_event set seq = ${m} where chain = ${chain} and seq = ${PARK}`.execute(trx);
        },
        firstBadSeq: i,
      };
    }
    case 8: {
      // Rotate a block: the event at the block's end moves to its start.
      const end = between(random, Math.min(k + 1, n), n);
      if (end === k) return tamperings(chain, other, rows, random, forcedKind);
      return {
        describe: `rotate ${k}..${end}`,
        apply: async (trx) => {
          await sql`update audit_event set seq = seq + ${PARK} where chain = ${chain} and seq between ${k} and ${end}`.execute(trx);
          await sql`update audit_event set seq = ${k} where chain = ${chain} and seq = ${end + PARK}`.execute(trx);
          await sql`update audit_event set seq = seq - ${PARK} + 1 where chain = ${chain} and seq between ${k + PARK} and ${end - 1 + PARK}`.execute(
            trx,
          );
        },
        firstBadSeq: k,
      };
    }
    case 9:
    case 10: {
      // Insert a forged event at k, shifting the rest up. A careful forger links
      // it and hashes it correctly: then the event after it is the first bad one.
      const careful = kind === 10;
      const prev = k === 1 ? '0'.repeat(64) : row(k - 1).hash;
      const forged = { ...row(k), action: 'forged.event', metadata: '{"forged":true}', prev_hash: prev };
      const hash = careful ? eventHash(rowToContent(forged), k, prev) : flipHex(row(k).hash, random);
      return {
        describe: `insert ${careful ? 'a well-formed' : 'a'} forged event at ${k}`,
        apply: async (trx) => {
          await sql`update audit_event set seq = seq + ${PARK} where chain = ${chain} and seq >= ${k}`.execute(trx);
          await sql`update audit_event set seq = seq - ${PARK} + 1 where chain = ${chain} and seq >= ${PARK}`.execute(trx);
          const { sealed_at: _sealedAt, ...values } = { ...forged, seq: String(k), hash };
          await trx.insertInto('audit_event').values(values).execute();
        },
        firstBadSeq: careful ? k + 1 : k,
      };
    }
    default: {
      // Several edits at once: the earliest counts.
      const seqs = Array.from({ length: between(random, 2, 4) }, () => between(random, 1, n));
      return {
        describe: `edit actions of ${seqs.join(', ')}`,
        apply: async (trx) => {
          for (const seq of seqs) await update(seq, 'action', `tampered.action_${seq}`)(trx);
        },
        firstBadSeq: Math.min(...seqs),
      };
    }
  }
}

class Rollback extends Error {}

/** Back to ALWAYS, as the migration left them. */
async function enableTriggers(trx: Db) {
  await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
  await sql`alter table audit_event enable always trigger audit_event_no_truncate`.execute(trx);
}

/**
 * A database with a sealed chain of `length` events for acme (written by 8
 * concurrent writers), another organization, and a checkpoint at the head,
 * as the hourly job makes: it catches events cut off the end.
 */
async function sealedChain(seed: number, length: number, batchSize?: number) {
  const database = await createTestDatabase();
  const acme = await createOrganization(database.db, 'acme');
  const globex = await createOrganization(database.db, 'globex');
  const random = seededRandom(seed);
  await recordConcurrently(
    database.db,
    Array.from({ length }, (_, index) => sampleEvent(acme, index, at, random)),
    8,
  );
  await sealPending({ db: database.db, clock }, systemPrincipal('test'), batchSize ? { batchSize } : {});
  const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
  await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
  const rows = await database.db.selectFrom('audit_event').selectAll().where('chain', '=', acme).orderBy('seq').execute();
  // The verifier trusts the key, as the server trusts its configured one.
  return { database, acme, globex, rows, keys: trustedKeysOf([key]) };
}

describe('tampering with the audit trail', () => {
  let database: TestDatabase;
  let acme: string;
  let globex: string;
  let rows: AuditEventRow[];
  let keys: TrustedKeys;
  beforeAll(async () => {
    ({ database, acme, globex, rows, keys } = await sealedChain(7, CHAIN_LENGTH, 7));
    expect(rows).toHaveLength(CHAIN_LENGTH);
  });
  afterAll(() => database.drop());

  it(`reports exactly the first bad seq in ${CASES} seeded random tamperings`, async () => {
    const random = seededRandom(20261122);
    const kinds = new Set<string>();
    for (let index = 0; index < CASES; index++) {
      const tampering = tamperings(acme, globex, rows, random);
      kinds.add(tampering.describe.split(' of ')[0]?.replace(/\d.*$/, '') ?? '');
      let result: Awaited<ReturnType<typeof verifyChain>> | undefined;
      await database.owner
        .transaction()
        .execute(async (trx) => {
          // The superuser can switch off even ALWAYS triggers; the trail must still tell.
          await sql`alter table audit_event disable trigger user`.execute(trx);
          await tampering.apply(trx);
          result = await verifyChain({ db: trx }, AS_SYSTEM, acme, { keys });
          throw new Rollback();
        })
        .catch((error) => {
          if (!(error instanceof Rollback)) throw error;
        });
      expect({ case: index, tampering: tampering.describe, firstBadSeq: result?.firstBadSeq, ok: result?.ok }).toEqual({
        case: index,
        tampering: tampering.describe,
        firstBadSeq: tampering.firstBadSeq,
        ok: false,
      });
      expect(result?.reason).toEqual(expect.any(String));
    }
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    // Every tampering was rolled back: the chain is intact again.
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { keys })).toEqual({
      ok: true,
      eventsChecked: CHAIN_LENGTH,
      firstBadSeq: null,
      reason: null,
    });
  });

  it('a chain rewritten from some seq on, with every hash recomputed, contradicts the signed checkpoint', async () => {
    let result: Awaited<ReturnType<typeof verifyChain>> | undefined;
    await database.owner
      .transaction()
      .execute(async (trx) => {
        await sql`alter table audit_event disable trigger user`.execute(trx);
        let prev = (rows[19] as AuditEventRow).hash;
        for (const original of rows.slice(20)) {
          const edited = { ...original, actor_label: 'someone else', prev_hash: prev };
          const hash = eventHash(rowToContent(edited), Number(original.seq), prev);
          await sql`update audit_event set actor_label = 'someone else', prev_hash = ${prev}, hash = ${hash}
                    where chain = ${acme} and seq = ${original.seq}`.execute(trx);
          prev = hash;
        }
        result = await verifyChain({ db: trx }, AS_SYSTEM, acme, { keys });
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(result).toMatchObject({ ok: false, firstBadSeq: CHAIN_LENGTH, reason: expect.stringContaining('checkpoint') });
  });

  it('verifies a range, linking its first event to the stored one before it', async () => {
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { from: 11, to: 20, keys })).toEqual({
      ok: true,
      eventsChecked: 10,
      firstBadSeq: null,
      reason: null,
    });
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { from: 35, to: 1000, keys })).toEqual({
      ok: true,
      eventsChecked: 6,
      firstBadSeq: null,
      reason: null,
    });
    expect(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { from: 100, keys })).toEqual({
      ok: true,
      eventsChecked: 0,
      firstBadSeq: null,
      reason: null,
    });
  });
});

describe('verification on several worker threads', () => {
  let database: TestDatabase;
  let acme: string;
  let globex: string;
  let rows: AuditEventRow[];
  let keys: TrustedKeys;
  beforeAll(async () => {
    ({ database, acme, globex, rows, keys } = await sealedChain(11, 120));
  });
  afterAll(() => database.drop());

  const parallel = () =>
    verifyChainInParallel({ db: database.db }, AS_SYSTEM, acme, { url: database.url, workers: 3, minEventsPerWorker: 1, keys });

  it('agrees with the single walk on an intact chain', async () => {
    expect(await parallel()).toEqual({ ok: true, eventsChecked: 120, firstBadSeq: null, reason: null });
  });

  // Each kind once (the single walk above takes 200 at random): every worker start is paid per verification.
  it('reports the same first bad seq as the single walk for a committed random tampering of each kind', async () => {
    const random = seededRandom(404);
    for (let kind = 0; kind < TAMPERING_KINDS; kind++) {
      const tampering = tamperings(acme, globex, rows, random, kind);
      // Workers read on their own connections: the tampering is committed, then undone.
      await database.owner.transaction().execute(async (trx) => {
        await sql`alter table audit_event disable trigger user`.execute(trx);
        await tampering.apply(trx);
        await enableTriggers(trx);
      });
      try {
        const result = await parallel();
        expect({ tampering: tampering.describe, firstBadSeq: result.firstBadSeq }).toEqual({
          tampering: tampering.describe,
          firstBadSeq: tampering.firstBadSeq,
        });
        expect(result).toEqual(await verifyChain({ db: database.db }, AS_SYSTEM, acme, { keys }));
      } finally {
        await database.owner.transaction().execute(async (trx) => {
          await sql`alter table audit_event disable trigger user`.execute(trx);
          await sql`delete from audit_event where chain in (${acme}, ${globex})`.execute(trx);
          await trx.insertInto('audit_event').values(rows).execute();
          await enableTriggers(trx);
        });
      }
    }
    expect(await parallel()).toEqual({ ok: true, eventsChecked: 120, firstBadSeq: null, reason: null });
  });
});

describe('an intact chain written by 32 concurrent writers', () => {
  let database: TestDatabase;
  afterAll(() => database.drop());

  it('verifies, with every event checked, while sealers run alongside the writers', async () => {
    database = await createTestDatabase();
    const organizations = [await createOrganization(database.db, 'acme'), await createOrganization(database.db, 'globex')];
    const random = seededRandom(32);
    const events = Array.from({ length: 1600 }, (_, index) => sampleEvent(organizations[index % 2] ?? null, index, at, random));
    let writing = true;
    const sealer = (async () => {
      while (writing) await sealPending({ db: database.db, clock }, systemPrincipal('test'), { batchSize: 100 });
    })();
    await recordConcurrently(database.db, events, 32);
    writing = false;
    await sealer;
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    for (const organization of organizations) {
      expect(await verifyChain({ db: database.db }, AS_SYSTEM, organization, { keys: new Map() })).toEqual({
        ok: true,
        eventsChecked: 800,
        firstBadSeq: null,
        reason: null,
      });
    }
  });
});
