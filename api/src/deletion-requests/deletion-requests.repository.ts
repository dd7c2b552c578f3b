// All SQL of the deletion-request domain. Functions take a Kysely handle,
// which may be a transaction, and return models, never rows.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import { CLOSED_STATUSES } from './lifecycle.ts';
import { changeValues, newRequestValues, newTimelineValues, toDeletionRequest, toTimelineEntry } from './mappers.ts';
import type { DeletionRequest, DeletionRequestChange, NewDeletionRequest, NewTimelineEntry, TimelineEntry } from './models.ts';

type Executor = Kysely<Database>;

/** Serialises submissions of one email to one organization, so duplicates are always linked. */
export async function lockEmail(db: Executor, organizationId: string, emailHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${organizationId}:${emailHash}`}, 0))`.execute(db);
}

export async function findByIdempotencyKey(db: Executor, organizationId: string, key: string): Promise<DeletionRequest | null> {
  const row = await db
    .selectFrom('deletion_request')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

/** The oldest request of this email still open in the organization. */
export async function findOpenByEmailHash(db: Executor, organizationId: string, emailHash: string): Promise<string | null> {
  const row = await db
    .selectFrom('deletion_request')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('email_hash', '=', emailHash)
    .where('status', 'not in', CLOSED_STATUSES)
    .orderBy('received_at')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Inserts unless the idempotency key was used already; returns null then. */
export async function insertDeletionRequest(db: Executor, request: NewDeletionRequest): Promise<DeletionRequest | null> {
  const row = await db
    .insertInto('deletion_request')
    .values(newRequestValues(request))
    .onConflict((conflict) => conflict.columns(['organization_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function findByVerificationTokenHash(db: Executor, tokenHash: string): Promise<DeletionRequest | null> {
  const row = await db.selectFrom('deletion_request').selectAll().where('verification_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function insertEvent(db: Executor, entry: NewTimelineEntry): Promise<void> {
  await db.insertInto('deletion_request_event').values(newTimelineValues(entry)).execute();
}

export async function insertEvents(db: Executor, entries: readonly NewTimelineEntry[]): Promise<void> {
  if (entries.length > 0) await db.insertInto('deletion_request_event').values(entries.map(newTimelineValues)).execute();
}

/** The request, locked for a change. */
export async function findForUpdate(db: Executor, id: string): Promise<DeletionRequest | null> {
  const row = await db.selectFrom('deletion_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

/** Applies the change only if nobody changed the request since `version` was read; bumps the version. */
export async function updateRequest(
  db: Executor,
  id: string,
  version: number,
  change: DeletionRequestChange,
): Promise<DeletionRequest | null> {
  const row = await db
    .updateTable('deletion_request')
    .set({ ...changeValues(change), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function findByStatusTokenHash(db: Executor, tokenHash: string): Promise<DeletionRequest | null> {
  const row = await db.selectFrom('deletion_request').selectAll().where('status_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function findEvents(db: Executor, requestId: string, options: { publicOnly: boolean }): Promise<TimelineEntry[]> {
  let query = db.selectFrom('deletion_request_event').selectAll().where('request_id', '=', requestId);
  if (options.publicOnly) query = query.where('public', '=', true);
  return (await query.orderBy('id').execute()).map(toTimelineEntry);
}

export async function findOrganizationMember(
  db: Executor,
  organizationId: string,
  userId: string,
): Promise<{ id: string; name: string } | null> {
  const row = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.name'])
    .where('membership.organization_id', '=', organizationId)
    .where('membership.user_id', '=', userId)
    // Only someone who works here: not a pending invitation, not a member disabled here.
    .where('membership.accepted_at', 'is not', null)
    .where('membership.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

/** Replaces the status token; the version stays, as nothing staff see changed. */
export async function setStatusTokenHash(db: Executor, id: string, tokenHash: string): Promise<void> {
  await db.updateTable('deletion_request').set({ status_token_hash: tokenHash }).where('id', '=', id).execute();
}

/** Whose request it is: what a permission check on it needs, and nothing more. */
export async function findOrganizationIdOfRequest(db: Executor, id: string): Promise<string | null> {
  const row = await db.selectFrom('deletion_request').select('organization_id').where('id', '=', id).executeTakeFirst();
  return row?.organization_id ?? null;
}

export async function findByReference(db: Executor, reference: string): Promise<DeletionRequest | null> {
  const row = await db.selectFrom('deletion_request').selectAll().where('reference', '=', reference).executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function findById(db: Executor, id: string): Promise<DeletionRequest | null> {
  const row = await db.selectFrom('deletion_request').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

export async function setVerificationCodeHash(db: Executor, id: string, codeHash: string): Promise<void> {
  await db.updateTable('deletion_request').set({ verification_code_hash: codeHash }).where('id', '=', id).execute();
}

export async function setStatusCodeHash(db: Executor, id: string, codeHash: string): Promise<void> {
  await db.updateTable('deletion_request').set({ status_code_hash: codeHash }).where('id', '=', id).execute();
}

export type ShortCodeKind = 'verification' | 'status';

const CODE_COLUMN = { verification: 'verification_code_hash', status: 'status_code_hash' } as const;

/**
 * Compares a typed code with the stored hash and counts a miss, in one
 * statement: the row lock serialises concurrent attempts and each re-reads
 * `code_failures`, so however many arrive at once no more than `maxFailures`
 * misses are ever counted. 'locked' once the misses reached the limit, even
 * for the right code.
 */
export async function checkShortCode(
  db: Executor,
  id: string,
  kind: ShortCodeKind,
  codeHash: string,
  maxFailures: number,
): Promise<'matched' | 'wrong' | 'locked'> {
  const column = sql.ref(CODE_COLUMN[kind]);
  const matches = sql<boolean>`coalesce(${column} = ${codeHash}, false)`;
  const row = await db
    .updateTable('deletion_request')
    .set({ code_failures: sql`code_failures + case when ${matches} then 0 else 1 end` })
    .where('id', '=', id)
    .where('code_failures', '<', maxFailures)
    .returning(matches.as('matched'))
    .executeTakeFirst();
  if (!row) return 'locked';
  return row.matched ? 'matched' : 'wrong';
}

/**
 * A status token for one device, in the request's next slot of `slots`,
 * replacing the handle that held it: a request never has more than `slots`
 * handles however often its code is typed. One statement: the UPDATE locks
 * the request's row and re-reads the counter, so openings that arrive at
 * once take distinct slots in turn, and the upsert replaces atomically.
 */
export async function putStatusHandle(db: Executor, requestId: string, tokenHash: string, createdAt: Date, slots: number): Promise<void> {
  await sql`
    with minted as (
      update deletion_request set status_handles_minted = status_handles_minted + 1
      where id = ${requestId}
      returning status_handles_minted - 1 as opening
    )
    insert into deletion_request_status_handle (request_id, slot, token_hash, created_at)
    select ${requestId}, opening % ${slots}, ${tokenHash}, ${createdAt} from minted
    on conflict (request_id, slot) do update set token_hash = excluded.token_hash, created_at = excluded.created_at`.execute(db);
}

export async function findByStatusHandleHash(db: Executor, tokenHash: string): Promise<DeletionRequest | null> {
  const row = await db
    .selectFrom('deletion_request_status_handle')
    .innerJoin('deletion_request', 'deletion_request.id', 'deletion_request_status_handle.request_id')
    .selectAll('deletion_request')
    .where('deletion_request_status_handle.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toDeletionRequest(row) : null;
}

/** The public references (DR-2026-7K3Q9) of some of an organization's requests, by id. */
export async function referencesByIds(db: Executor, organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('deletion_request')
    .select(['id', 'reference'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.reference]));
}
