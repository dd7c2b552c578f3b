// All SQL of objections to subprocessor changes. Functions take a Kysely
// handle, which may be a transaction, and return models, never rows.
import type { Database, ObjectionOutcome } from '@governance/db';
import type { Kysely } from 'kysely';

type Executor = Kysely<Database>;

export interface SubprocessorObjection {
  id: string;
  organizationId: string;
  listVersionId: string;
  /** The list version objected to, and when it takes effect. */
  version: string;
  effectiveAt: Date;
  /** Null once erased by retention. */
  email: string | null;
  company: string;
  reason: string | null;
  submittedAt: Date;
  verifiedAt: Date | null;
  outcome: ObjectionOutcome | null;
  resolutionNote: string | null;
  resolvedAt: Date | null;
  /** The staff member who resolved it, as their address read now (null once their account is gone). */
  resolvedBy: string | null;
  erasedAt: Date | null;
}

function selectObjections(db: Executor) {
  return db
    .selectFrom('subprocessor_objection as o')
    .innerJoin('subprocessor_list_version as l', 'l.id', 'o.list_version_id')
    .leftJoin('app_user as u', 'u.id', 'o.resolved_by')
    .select([
      'o.id',
      'o.organization_id',
      'o.list_version_id',
      'l.version',
      'l.effective_at',
      'o.email',
      'o.company',
      'o.reason',
      'o.submitted_at',
      'o.verified_at',
      'o.outcome',
      'o.resolution_note',
      'o.resolved_at',
      'u.email as resolved_by_email',
      'o.erased_at',
    ]);
}

type ObjectionRow = Awaited<ReturnType<ReturnType<typeof selectObjections>['executeTakeFirstOrThrow']>>;

const toObjection = (row: ObjectionRow): SubprocessorObjection => ({
  id: row.id,
  organizationId: row.organization_id,
  listVersionId: row.list_version_id,
  version: row.version,
  effectiveAt: row.effective_at,
  email: row.email,
  company: row.company,
  reason: row.reason,
  submittedAt: row.submitted_at,
  verifiedAt: row.verified_at,
  outcome: row.outcome,
  resolutionNote: row.resolution_note,
  resolvedAt: row.resolved_at,
  resolvedBy: row.resolved_by_email ?? null,
  erasedAt: row.erased_at,
});

export interface NewObjection {
  organizationId: string;
  listVersionId: string;
  email: string;
  emailHash: string;
  company: string;
  reason: string;
  verificationTokenHash: string;
  submittedAt: Date;
}

export async function insertObjection(db: Executor, input: NewObjection): Promise<string> {
  const { id } = await db
    .insertInto('subprocessor_objection')
    .values({
      organization_id: input.organizationId,
      list_version_id: input.listVersionId,
      email: input.email,
      email_hash: input.emailHash,
      company: input.company,
      reason: input.reason,
      verification_token_hash: input.verificationTokenHash,
      submitted_at: input.submittedAt,
      verified_at: null,
      outcome: null,
      resolution_note: null,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findById(db: Executor, id: string): Promise<SubprocessorObjection | null> {
  const row = await selectObjections(db).where('o.id', '=', id).executeTakeFirst();
  return row ? toObjection(row) : null;
}

export async function findByVerificationTokenHash(db: Executor, tokenHash: string): Promise<SubprocessorObjection | null> {
  const row = await selectObjections(db).where('o.verification_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toObjection(row) : null;
}

/** Marks the objection confirmed unless it was already; false when another confirmation came first. */
export async function markVerified(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('subprocessor_objection')
    .set({ verified_at: at })
    .where('id', '=', id)
    .where('verified_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface ObjectionFilter {
  organizationId: string;
  /** Only objections to this list version. */
  listVersionId?: string;
  state?: 'OPEN' | 'RESOLVED';
  limit: number;
}

/** Confirmed objections only (an unconfirmed one does not count), newest first. */
export async function confirmedObjections(db: Executor, filter: ObjectionFilter): Promise<SubprocessorObjection[]> {
  let query = selectObjections(db).where('o.organization_id', '=', filter.organizationId).where('o.verified_at', 'is not', null);
  if (filter.listVersionId) query = query.where('o.list_version_id', '=', filter.listVersionId);
  if (filter.state === 'OPEN') query = query.where('o.resolved_at', 'is', null);
  if (filter.state === 'RESOLVED') query = query.where('o.resolved_at', 'is not', null);
  const rows = await query.orderBy('o.submitted_at', 'desc').orderBy('o.id').limit(filter.limit).execute();
  return rows.map(toObjection);
}

/** Resolves an open, confirmed objection; false when it was resolved (or is unconfirmed) meanwhile. */
export async function resolve(
  db: Executor,
  id: string,
  resolution: { outcome: ObjectionOutcome; note: string | null; at: Date; by: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('subprocessor_objection')
    .set({ outcome: resolution.outcome, resolution_note: resolution.note, resolved_at: resolution.at, resolved_by: resolution.by })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .where('verified_at', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

// --- retention --------------------------------------------------------------------

/**
 * The objections of the organization a retention rule is due to act on:
 * never confirmed and submitted before `cutoff` (deleted), or resolved before
 * it with the contact still kept (erased). One query for the count and the batch.
 */
function dueObjections(db: Executor, organizationId: string, due: 'unverified' | 'contacts', cutoff: Date) {
  const ofOrganization = db.selectFrom('subprocessor_objection').where('organization_id', '=', organizationId);
  return due === 'unverified'
    ? ofOrganization.where('verified_at', 'is', null).where('submitted_at', '<', cutoff)
    : ofOrganization.where('email', 'is not', null).where('resolved_at', '<', cutoff);
}

async function countDue(db: Executor, organizationId: string, due: 'unverified' | 'contacts', cutoff: Date): Promise<number> {
  const { count } = await dueObjections(db, organizationId, due, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

export const countUnverifiedDue = (db: Executor, organizationId: string, cutoff: Date) =>
  countDue(db, organizationId, 'unverified', cutoff);

/** Deletes up to `limit` objections never confirmed and submitted before `cutoff`. */
export async function deleteUnverifiedBatch(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('subprocessor_objection')
    .where('id', 'in', dueObjections(db, organizationId, 'unverified', cutoff).select('id').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const countContactsDue = (db: Executor, organizationId: string, cutoff: Date) => countDue(db, organizationId, 'contacts', cutoff);

/** Erases the address and reason of up to `limit` objections resolved before `cutoff`; company and outcome stay as the record. */
export async function eraseContactsBatch(db: Executor, organizationId: string, cutoff: Date, now: Date, limit: number): Promise<number> {
  const result = await db
    .updateTable('subprocessor_objection')
    .set({ email: null, reason: null, erased_at: now })
    .where('id', 'in', dueObjections(db, organizationId, 'contacts', cutoff).select('id').limit(limit))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** objection id → the hash of its objector's address (kept after erasure), for the evidence. */
export async function emailHashesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('subprocessor_objection').select(['id', 'email_hash']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.email_hash]));
}
