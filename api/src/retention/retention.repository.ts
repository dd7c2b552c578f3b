// All SQL of the retention domain: setting versions, sweep runs, and what the
// built-in rules find and remove in the product's own tables (sessions,
// tokens, the mail outbox, and the audit trail through its purge function).
// Deletion requests are minimised by their own domain's service.
import type {
  Database,
  NewRetentionSettingVersion,
  RetentionRunRow,
  RetentionRunRuleJson,
  RetentionSettingVersionRow,
} from '@governance/db';
import { type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

/** Namespace of the retention advisory locks (two-key form), apart from every other lock of the product. */
const RETENTION_LOCK_NAMESPACE = 7261200;

/** Held until the transaction ends: one writer of an organization's retention data at a time, across every process. */
export async function lockOrganization(db: Executor, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${RETENTION_LOCK_NAMESPACE}, hashtext(${organizationId}))`.execute(db);
}

// --- settings ---------------------------------------------------------------

export type SettingVersionRow = RetentionSettingVersionRow & { changed_by_name: string | null };

function settingVersions(db: Executor) {
  return db
    .selectFrom('retention_setting_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.changed_by')
    .selectAll('v')
    .select('u.name as changed_by_name');
}

/** The newest version of each category as of `at` (every version when `at` is null), by category. */
export async function currentSettings(db: Executor, organizationId: string, at: Date | null = null): Promise<SettingVersionRow[]> {
  let query = settingVersions(db).where('v.organization_id', '=', organizationId);
  if (at) query = query.where('v.changed_at', '<=', at);
  return query.distinctOn('v.category').orderBy('v.category').orderBy('v.version', 'desc').execute();
}

export async function settingHistory(db: Executor, organizationId: string, category: string): Promise<SettingVersionRow[]> {
  return settingVersions(db)
    .where('v.organization_id', '=', organizationId)
    .where('v.category', '=', category)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function latestVersion(db: Executor, organizationId: string, category: string): Promise<number> {
  const row = await db
    .selectFrom('retention_setting_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organization_id', '=', organizationId)
    .where('category', '=', category)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function hasAnySetting(db: Executor, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('retention_setting_version')
    .select('id')
    .where('organization_id', '=', organizationId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSettingVersions(db: Executor, rows: NewRetentionSettingVersion[]): Promise<SettingVersionRow[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('retention_setting_version').values(rows).returningAll().execute();
  const names = await userNames(
    db,
    inserted.flatMap((row) => (row.changed_by ? [row.changed_by] : [])),
  );
  return inserted.map((row) => ({ ...row, changed_by_name: row.changed_by ? (names.get(row.changed_by) ?? null) : null }));
}

async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

// --- runs -------------------------------------------------------------------

export async function runningRun(db: Executor, organizationId: string): Promise<RetentionRunRow | null> {
  const row = await db
    .selectFrom('retention_run')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'RUNNING')
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

export async function runById(db: Executor, id: string): Promise<RetentionRunRow | null> {
  const row = await db.selectFrom('retention_run').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ?? null;
}

export async function insertRun(
  db: Executor,
  run: { organizationId: string; startedAt: Date; startedBy: string },
): Promise<RetentionRunRow> {
  return db
    .insertInto('retention_run')
    .values({ organization_id: run.organizationId, started_at: run.startedAt, started_by: run.startedBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function saveRunRules(db: Executor, id: string, rules: Record<string, RetentionRunRuleJson>): Promise<void> {
  await db
    .updateTable('retention_run')
    .set({ rules: JSON.stringify(rules) })
    .where('id', '=', id)
    .execute();
}

export async function completeRun(db: Executor, id: string, finishedAt: Date): Promise<void> {
  await db
    .updateTable('retention_run')
    .set({ status: 'COMPLETED', finished_at: finishedAt })
    .where('id', '=', id)
    .where('status', '=', 'RUNNING')
    .execute();
}

/** Runs newest first; `after` is the (started_at, id) of the last run of the previous page. */
export async function runsPage(
  db: Executor,
  organizationId: string,
  after: { startedAt: Date; id: string } | null,
  limit: number,
): Promise<RetentionRunRow[]> {
  let query = db.selectFrom('retention_run').selectAll().where('organization_id', '=', organizationId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('started_at', '<', after.startedAt), eb.and([eb('started_at', '=', after.startedAt), eb('id', '<', after.id)])]),
    );
  }
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

// --- staff sessions ---------------------------------------------------------

/** A session ends when it is logged out, idles out, or reaches its absolute limit, whichever comes first. */
const sessionEnd = sql<Date>`least(coalesce(user_session.ended_at, 'infinity'::timestamptz), user_session.idle_expires_at, user_session.absolute_expires_at)`;

/** Sessions of the organization's staff that ended before the cutoff. */
function endedSessions(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('user_session')
    .where('user_session.user_id', 'in', (eb) =>
      // Only people who accepted: inviting someone gives no say over their sessions.
      eb
        .selectFrom('membership')
        .select('membership.user_id')
        .where('membership.organization_id', '=', organizationId)
        .where('membership.accepted_at', 'is not', null),
    )
    .where(sessionEnd, '<', cutoff);
}

export async function countEndedSessions(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return countOf(endedSessions(db, organizationId, cutoff).select((eb) => eb.fn.countAll<string>().as('count')));
}

export async function deleteEndedSessions(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const ids = endedSessions(db, organizationId, cutoff)
    .select('user_session.id')
    .orderBy('user_session.id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db.deleteFrom('user_session').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

// --- mail outbox ------------------------------------------------------------

/** Messages of the organization delivered or given up before the cutoff. */
function finishedMail(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('mail_outbox')
    .where('organization_id', '=', organizationId)
    .where(sql<Date>`coalesce(delivered_at, failed_at)`, '<', cutoff);
}

export async function countFinishedMail(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return countOf(finishedMail(db, organizationId, cutoff).select((eb) => eb.fn.countAll<string>().as('count')));
}

/** Locks up to `limit` due messages for this transaction (other sweeps skip them): the ids and Message-IDs. */
export async function lockFinishedMail(
  db: Executor,
  organizationId: string,
  cutoff: Date,
  limit: number,
): Promise<{ id: string; message_id: string }[]> {
  return finishedMail(db, organizationId, cutoff)
    .select(['id', 'message_id'])
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function deleteMail(db: Executor, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.deleteFrom('mail_outbox').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

// --- API tokens -------------------------------------------------------------

/** Tokens of the organization revoked or expired before the cutoff (nothing references a token by key). */
function endedTokens(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('api_token')
    .where('organization_id', '=', organizationId)
    .where(sql<Date>`least(coalesce(revoked_at, 'infinity'::timestamptz), coalesce(expires_at, 'infinity'::timestamptz))`, '<', cutoff);
}

export async function countEndedTokens(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return countOf(endedTokens(db, organizationId, cutoff).select((eb) => eb.fn.countAll<string>().as('count')));
}

export async function deleteEndedTokens(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const ids = endedTokens(db, organizationId, cutoff).select('id').orderBy('id').limit(limit).forUpdate().skipLocked();
  const rows = await db.deleteFrom('api_token').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

// --- the audit trail --------------------------------------------------------
// Read here only to find which whole months a purge may remove; events are
// recorded through the audit service and removed only by the database's
// audit_purge_through function (migration 2026_11_22_0610).

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

/** The highest seq that recorded `retention.purged` events say is purged, sealed ones and those waiting for the sealer apart. */
export async function recordedPurges(db: Executor, chain: string): Promise<{ sealed: number; pending: number }> {
  const through = sql<string | null>`max((metadata::jsonb ->> 'throughSeq')::bigint)`;
  const sealed = await db
    .selectFrom('audit_event')
    .select(through.as('through'))
    .where('chain', '=', chain)
    .where('action', '=', 'retention.purged')
    .executeTakeFirst();
  const pending = await db
    .selectFrom('audit_event_pending')
    .select(through.as('through'))
    .where('organization_id', '=', chain)
    .where('action', '=', 'retention.purged')
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

async function countOf(query: { executeTakeFirstOrThrow(): Promise<{ count: string | number | bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirstOrThrow()).count);
}
