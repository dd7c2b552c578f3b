// All SQL of the audit domain.

import type { AuditEventPendingRow, AuditEventRow, AuditEventTable, Database } from '@governance/db';
import { type ExpressionBuilder, type Insertable, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { formerActionNamesMatching } from './actions.ts';
import { chainOf, SITE_CHAIN, type UnchainedEvent } from './chain.ts';
import { SEALED_EVENT_COLUMNS } from './event-columns.ts';
import type { AuditEvent, AuditEventFilter, ChainHead } from './models.ts';
import { formatAuditTimestamp } from './timestamp.ts';

type Executor = Kysely<Database>;

/** Namespace of the audit advisory locks (the two-key form), apart from any other lock in the product. */
const CHAIN_LOCK_NAMESPACE = 7261100;
/** Namespace of the locks that allow one chain verification per caller at a time. */
const VERIFICATION_LOCK_NAMESPACE = 7261101;

/** A pending event as written: every column but the generated id. */
export type PendingEventRow = Omit<AuditEventPendingRow, 'id'>;

export interface StoredPendingEvent extends PendingEventRow {
  id: string;
}

export type SealedEventRow = Insertable<AuditEventTable>;

export async function insertPendingEvent(db: Executor, row: PendingEventRow): Promise<void> {
  await db.insertInto('audit_event_pending').values(row).execute();
}

/** Chains with events waiting, among the oldest `scan` pending events. */
export async function pendingChains(db: Executor, scan: number): Promise<string[]> {
  const { rows } = await sql<{ chain: string }>`
    select distinct coalesce(organization_id::text, ${SITE_CHAIN}) as chain
    from (select organization_id from audit_event_pending order by id limit ${scan}) oldest`.execute(db);
  return rows.map((row) => row.chain);
}

export async function countPending(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_event_pending')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Held until the transaction ends: one sealer per chain at a time, across every process. */
export async function lockChain(db: Executor, chain: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_NAMESPACE}, hashtext(${chain}))`.execute(db);
}

export async function pendingForChain(db: Executor, chain: string, limit: number): Promise<StoredPendingEvent[]> {
  return db
    .selectFrom('audit_event_pending')
    .selectAll()
    .where((eb) => (chain === SITE_CHAIN ? eb('organization_id', 'is', null) : eb('organization_id', '=', chain)))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Held until the transaction ends, if no other transaction holds it: one
 * verification per caller at a time, across every process. False when held.
 */
export async function tryLockVerification(db: Executor, caller: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(${VERIFICATION_LOCK_NAMESPACE}, hashtext(${caller})) as locked`.execute(db);
  return rows[0]?.locked === true;
}

/** The last sealed event of a chain, or null when it has none. */
export async function chainHead(db: Executor, chain: string): Promise<ChainHead | null> {
  const row = await db
    .selectFrom('audit_event')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

export async function insertSealedEvents(db: Executor, rows: SealedEventRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_event').values(rows).execute();
}

/** Removes sealed events from the queue; returns how many it removed. */
export async function deletePending(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('audit_event_pending').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Events of a chain with seq in (afterSeq, toSeq], ascending: one keyset batch of a walk. */
export async function chainBatch(
  db: Executor,
  chain: string,
  afterSeq: number,
  toSeq: number | null,
  limit: number,
): Promise<AuditEvent[]> {
  let query = db
    .selectFrom('audit_event')
    .select(SEALED_EVENT_COLUMNS)
    .where('chain', '=', chain)
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .limit(limit);
  if (toSeq !== null) query = query.where('seq', '<=', String(toSeq));
  return (await query.execute()).map(toAuditEvent);
}

export async function hashAt(db: Executor, chain: string, seq: number): Promise<string | null> {
  const row = await db
    .selectFrom('audit_event')
    .select('hash')
    .where('chain', '=', chain)
    .where('seq', '=', String(seq))
    .executeTakeFirst();
  return row?.hash ?? null;
}

export interface EventRange {
  /** Newest first (the trail as read) or oldest first (an export). */
  order: 'asc' | 'desc';
  /** Exclusive keyset bounds on seq. */
  afterSeq?: number | null;
  beforeSeq?: number | null;
}

/**
 * One page of a chain's events matching the filter, bounded by seq: keyset
 * pagination, so page 1,000 costs what page 1 does. The chain is always part
 * of the query: one organization's events never come out of another's.
 */
export async function eventsPage(
  db: Executor,
  chain: string,
  filter: AuditEventFilter,
  range: EventRange,
  limit: number,
): Promise<AuditEvent[]> {
  const rangeFilter = (filter.action || filter.from || filter.to) && !filter.actorId && !filter.targetId;
  if (range.order === 'asc' || !rangeFilter) return (await matching(db, chain, filter, range, limit)).map(toAuditEvent);
  // PostgreSQL assumes matches of a time window or an action prefix are
  // spread evenly over seq, so it walks the primary key from the newest event
  // and filters; but events of one day or one kind sit together, and that
  // walk can cross a million rows (0.4 s at 1M events, see bench/README.md).
  // So: look among the newest events first, which is exact when they fill the
  // page; else order by an expression, which steers it to the filter's own
  // index and a sort of the matching seqs.
  const recent = db
    .selectFrom('audit_event')
    .select(SEALED_EVENT_COLUMNS)
    .where('chain', '=', chain)
    .$if(range.beforeSeq != null, (query) => query.where('seq', '<', String(range.beforeSeq)))
    .orderBy('seq', 'desc')
    .limit(RECENT_WINDOW);
  const page = await withFilter(db.selectFrom(recent.as('audit_event')).selectAll(), filter)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  if (page.length === limit) return page.map(toAuditEvent);
  // The seqs from the indexes alone (action, time and seq are all in them), then only the page's rows.
  let seqs = withFilter(db.selectFrom('audit_event').select('seq').where('chain', '=', chain), filter);
  if (range.beforeSeq != null) seqs = seqs.where('seq', '<', String(range.beforeSeq));
  const rows = await db
    .selectFrom('audit_event')
    .select(SEALED_EVENT_COLUMNS)
    .where('chain', '=', chain)
    .where('seq', 'in', seqs.orderBy(sql`seq + 0`, 'desc').limit(limit))
    .orderBy('seq', 'desc')
    .execute();
  return rows.map(toAuditEvent);
}

/** How many of the newest events a filtered page looks through before asking the filter's index. */
const RECENT_WINDOW = 2000;

function matching(db: Executor, chain: string, filter: AuditEventFilter, range: EventRange, limit: number) {
  let query = db.selectFrom('audit_event').select(SEALED_EVENT_COLUMNS).where('chain', '=', chain);
  if (range.afterSeq != null) query = query.where('seq', '>', String(range.afterSeq));
  if (range.beforeSeq != null) query = query.where('seq', '<', String(range.beforeSeq));
  return withFilter(query, filter).orderBy('seq', range.order).limit(limit).execute();
}

function withFilter<Q extends SelectQueryBuilder<Database, 'audit_event', object>>(query: Q, filter: AuditEventFilter): Q {
  let filtered = query;
  if (filter.action) filtered = filtered.where((eb) => actionMatches(eb, filter.action as string)) as Q;
  if (filter.actorId) filtered = filtered.where('actor_id', '=', filter.actorId) as Q;
  if (filter.targetType) filtered = filtered.where('target_type', '=', filter.targetType) as Q;
  if (filter.targetId) filtered = filtered.where('target_id', '=', filter.targetId) as Q;
  // Stored timestamps have one fixed format, so text order is time order.
  if (filter.from) filtered = filtered.where('occurred_at', '>=', formatAuditTimestamp(filter.from)) as Q;
  if (filter.to) filtered = filtered.where('occurred_at', '<', formatAuditTimestamp(filter.to)) as Q;
  return filtered;
}

/**
 * The action itself or any below it: `policy` finds `policy.created`, not
 * `policyholder.x`. Events keep the name they were recorded under, so a
 * renamed action is found under its current and its former names alike.
 */
function actionMatches(eb: ExpressionBuilder<Database, 'audit_event'>, action: string) {
  const renamed = formerActionNamesMatching(action);
  return eb.or([
    eb('action', '=', action),
    eb('action', 'like', `${escapeLike(action)}.%`),
    ...(renamed.length > 0 ? [eb('action', 'in', renamed)] : []),
  ]);
}

/** Every chain that can hold events: one per organization, and the site's. */
export async function allChains(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('organization').select('id').orderBy('id').execute();
  return [...rows.map((row) => row.id), SITE_CHAIN];
}

/** An event's meaning, from the columns pending and sealed rows share: what is hashed, less its place in the chain. */
export function unchainedEventOf(row: PendingEventRow): UnchainedEvent {
  return {
    chain: chainOf(row.organization_id),
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

function toAuditEvent(row: Pick<AuditEventRow, (typeof SEALED_EVENT_COLUMNS)[number]>): AuditEvent {
  // The stored chain, not the one the organization implies: verification must see what is there.
  return { ...unchainedEventOf(row), chain: row.chain, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
