// SQL of the audit trail's retention: what a purge reads to find which whole
// months may go, and the one way events are removed, the database's
// audit_purge_through function (migration 2026_11_22_0610), which refuses
// unless a sealed record of the purge exists. Events are recorded only
// through audit.service.ts.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import { PURGED_ACTION } from './purge-record.ts';

type Executor = Kysely<Database>;

export interface SealedEventPosition {
  seq: number;
  occurredAt: string;
  hash: string;
}

export async function chainEnds(db: Executor, chain: string): Promise<{ first: number; head: number } | null> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('head')])
    .where('chain', '=', chain)
    .executeTakeFirst();
  return row?.first == null || row.head == null ? null : { first: Number(row.first), head: Number(row.head) };
}

export async function eventAt(db: Executor, chain: string, seq: number): Promise<SealedEventPosition | null> {
  const row = await db
    .selectFrom('audit_event')
    .select(['seq', 'occurred_at', 'hash'])
    .where('chain', '=', chain)
    .where('seq', '=', String(seq))
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), occurredAt: row.occurred_at, hash: row.hash } : null;
}

/** The last seq of an event that occurred before `before` (an audit timestamp), or null. */
export async function lastSeqBefore(db: Executor, chain: string, before: string): Promise<number | null> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('chain', '=', chain)
    .where('occurred_at', '<', before)
    .executeTakeFirst();
  return row?.seq == null ? null : Number(row.seq);
}

/** The first seq of an event that occurred at or after `from` (an audit timestamp), or null. */
export async function firstSeqFrom(db: Executor, chain: string, from: string): Promise<number | null> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('chain', '=', chain)
    .where('occurred_at', '>=', from)
    .executeTakeFirst();
  return row?.seq == null ? null : Number(row.seq);
}

/** The highest seq that recorded purge records say is purged, sealed ones and those waiting for the sealer apart. */
export async function recordedPurges(db: Executor, chain: string): Promise<{ sealed: number; pending: number }> {
  const through = sql<string | null>`max((metadata::jsonb ->> 'throughSeq')::bigint)`;
  const sealed = await db
    .selectFrom('audit_event')
    .select(through.as('through'))
    .where('chain', '=', chain)
    .where('action', '=', PURGED_ACTION)
    .executeTakeFirst();
  const pending = await db
    .selectFrom('audit_event_pending')
    .select(through.as('through'))
    .where('organization_id', '=', chain)
    .where('action', '=', PURGED_ACTION)
    .executeTakeFirst();
  return { sealed: Number(sealed?.through ?? 0), pending: Number(pending?.through ?? 0) };
}

/** Deletes up to `limit` of the oldest events through `throughSeq`; the database checks that a sealed record of the purge exists. */
export async function purgeAuditEvents(db: Executor, chain: string, throughSeq: number, limit: number): Promise<number> {
  const { rows } = await sql<{
    deleted: number;
  }>`select audit_purge_through(${chain}, ${throughSeq}::bigint, ${limit}::integer) as deleted`.execute(db);
  return Number(rows[0]?.deleted ?? 0);
}
