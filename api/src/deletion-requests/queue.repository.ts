// The staff queue's SQL: filtered keyset pages by due date, counts per
// status, and one request with what its screen shows.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import { isClosed, STATUSES } from './lifecycle.ts';
import { type StaffRequestRow, toStaffRequestRecord } from './mappers.ts';
import type { ActiveStaffMember, DueRequest, Jurisdiction, PrivacyRequestKind, StaffRequestRecord, Status } from './models.ts';

type Executor = Kysely<Database>;

export interface QueueFilter {
  statuses?: readonly Status[] | null;
  assigneeId?: string | null;
  unassigned?: boolean | null;
  dueBefore?: Date | null;
  /** Open requests due in this window: not yet overdue at `from`, due by `to`. */
  dueWithin?: { from: Date; to: Date } | null;
  overdue?: boolean | null;
  jurisdiction?: Jurisdiction | null;
  /** Requests asking for this kind, among others or alone. */
  kind?: PrivacyRequestKind | null;
  /** A reference (or its beginning). */
  referencePrefix?: string | null;
  /** The salted hash of an email: found even after the address itself was erased. */
  emailHash?: string | null;
}

export interface QueueCursor {
  dueAt: Date;
  id: string;
}

const OPEN = STATUSES.filter((status) => !isClosed(status));

/**
 * Open requests, written with literal values exactly as the predicate of the
 * partial index `deletion_request_open_queue` (migration 2026_12_02_0500):
 * PostgreSQL uses a partial index only when it can prove the query's WHERE
 * implies the index's, and an identical clause is proved in every plan, bound
 * parameters or not. Without it the open views walk every closed request.
 */
const OPEN_REQUEST = sql<boolean>`r.status in (${sql.join(OPEN.map((status) => sql.lit(status)))})`;

/** A GDPR request waiting for proof of identity has its clock stopped: it is not running late while it waits. */
const CLOCK_RUNNING = sql<boolean>`not (r.status = 'ON_HOLD' and r.jurisdiction = 'GDPR' and r.holds -> -1 ->> 'reason' = 'IDENTITY_PROOF')`;

function staffView(db: Executor) {
  return db
    .selectFrom('deletion_request as r')
    .leftJoin('app_user as assignee', 'assignee.id', 'r.assignee_id')
    .leftJoin('deletion_request as original', 'original.id', 'r.duplicate_of')
    .selectAll('r')
    .select(['assignee.name as assignee_name', 'original.reference as duplicate_reference']);
}

type StaffViewQuery = ReturnType<typeof staffView>;

function filtered(query: StaffViewQuery, filter: QueueFilter, now: Date): StaffViewQuery {
  let result = query;
  if (filter.statuses && filter.statuses.length > 0) {
    result = result.where('r.status', 'in', filter.statuses);
    if (filter.statuses.every((status) => !isClosed(status))) result = result.where(OPEN_REQUEST);
  }
  if (filter.assigneeId) result = result.where('r.assignee_id', '=', filter.assigneeId);
  if (filter.unassigned) result = result.where('r.assignee_id', 'is', null);
  if (filter.jurisdiction) result = result.where('r.jurisdiction', '=', filter.jurisdiction);
  if (filter.kind) result = result.where(sql<boolean>`r.kinds @> array[${filter.kind}]::text[]`);
  if (filter.dueBefore) result = result.where('r.due_at', '<=', filter.dueBefore).where(OPEN_REQUEST);
  if (filter.dueWithin) {
    result = result.where('r.due_at', '>=', filter.dueWithin.from).where('r.due_at', '<=', filter.dueWithin.to).where(OPEN_REQUEST);
  }
  if (filter.overdue) {
    result = result.where('r.due_at', '<', now).where(OPEN_REQUEST).where(CLOCK_RUNNING);
  }
  if (filter.referencePrefix) result = result.where('r.reference', 'like', `${filter.referencePrefix.replace(/[\\%_]/g, '\\$&')}%`);
  if (filter.emailHash) result = result.where('r.email_hash', '=', filter.emailHash);
  return result;
}

/** One page of the queue and the row after it (which says whether there is a next page); exported so its plan can be examined. */
export function queuePageQuery(
  db: Executor,
  organizationId: string,
  filter: QueueFilter,
  page: { first: number; after: QueueCursor | null },
  now: Date,
) {
  let query = filtered(staffView(db).where('r.organization_id', '=', organizationId), filter, now);
  const after = page.after;
  if (after) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('r.due_at', 'r.id'), '>', tuple(after.dueAt, after.id)));
  return query
    .orderBy('r.due_at')
    .orderBy('r.id')
    .limit(page.first + 1);
}

export async function findQueuePage(
  db: Executor,
  organizationId: string,
  filter: QueueFilter,
  page: { first: number; after: QueueCursor | null },
  now: Date,
): Promise<{ requests: StaffRequestRecord[]; hasNextPage: boolean }> {
  const rows: StaffRequestRow[] = await queuePageQuery(db, organizationId, filter, page, now).execute();
  return { requests: rows.slice(0, page.first).map(toStaffRequestRecord), hasNextPage: rows.length > page.first };
}

/** Counts per status of the requests `filter` selects: the same WHERE as the queue's pages, so the two agree. */
export async function countByStatus(
  db: Executor,
  organizationId: string,
  filter: QueueFilter,
  now: Date,
): Promise<{ status: Status; count: number }[]> {
  // The staff view's joins are on unique keys and nothing of them is read: PostgreSQL removes them from the plan.
  const rows = await filtered(staffView(db).where('r.organization_id', '=', organizationId), filter, now)
    .clearSelect()
    .select(['r.status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('r.status')
    .orderBy('r.status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export async function findStaffRequest(db: Executor, id: string): Promise<StaffRequestRecord | null> {
  const row: StaffRequestRow | undefined = await staffView(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toStaffRequestRecord(row) : null;
}

/** Open requests of every organization due by `dueBy`, with who should hear of them; clocks stopped by an identity hold are left out. */
export async function findDueSoon(db: Executor, dueBy: Date): Promise<DueRequest[]> {
  const rows = await db
    .selectFrom('deletion_request as r')
    .select(['r.id', 'r.reference', 'r.due_at', 'r.status', 'r.assignee_id', 'r.organization_id'])
    .where('r.due_at', '<=', dueBy)
    .where(OPEN_REQUEST)
    .where(CLOCK_RUNNING)
    .orderBy('r.due_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    dueAt: row.due_at,
    status: row.status,
    assigneeId: row.assignee_id,
    organizationId: row.organization_id,
  }));
}

/** Staff of the organizations who may sign in, with their roles. */
export async function findActiveStaff(db: Executor, organizationIds: readonly string[]): Promise<ActiveStaffMember[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.organization_id', 'm.role'])
    .where('m.organization_id', 'in', organizationIds)
    .where('m.accepted_at', 'is not', null)
    .where('m.disabled_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, organizationId: row.organization_id, role: row.role }));
}
