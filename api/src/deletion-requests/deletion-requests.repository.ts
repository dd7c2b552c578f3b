// All SQL of the deletion-request domain.
import type {
  Database,
  DeletionRequestEventRow,
  DeletionRequestEventTable,
  DeletionRequestRow,
  DeletionRequestTable,
} from '@governance/db';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { CLOSED_STATUSES } from './lifecycle.ts';

type Executor = Kysely<Database>;

export type NewDeletionRequest = Insertable<DeletionRequestTable>;

/** Serialises submissions of one email to one organization, so duplicates are always linked. */
export async function lockEmail(db: Executor, organizationId: string, emailHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${organizationId}:${emailHash}`}, 0))`.execute(db);
}

export async function findByIdempotencyKey(db: Executor, organizationId: string, key: string): Promise<DeletionRequestRow | null> {
  const row = await db
    .selectFrom('deletion_request')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ?? null;
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
export async function insertDeletionRequest(db: Executor, request: NewDeletionRequest): Promise<DeletionRequestRow | null> {
  const row = await db
    .insertInto('deletion_request')
    .values(request)
    .onConflict((conflict) => conflict.columns(['organization_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findByVerificationTokenHash(db: Executor, tokenHash: string): Promise<DeletionRequestRow | null> {
  return (await db.selectFrom('deletion_request').selectAll().where('verification_token_hash', '=', tokenHash).executeTakeFirst()) ?? null;
}

export type NewDeletionRequestEvent = Insertable<DeletionRequestEventTable>;

export async function insertEvent(db: Executor, event: Omit<NewDeletionRequestEvent, 'details'> & { details?: Record<string, unknown> }) {
  await db
    .insertInto('deletion_request_event')
    .values({ ...event, details: JSON.stringify(event.details ?? {}) })
    .execute();
}

/** The request, locked for a change. */
export async function findForUpdate(db: Executor, id: string): Promise<DeletionRequestRow | null> {
  return (await db.selectFrom('deletion_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

export type DeletionRequestPatch = Updateable<DeletionRequestTable>;

/** Applies the change only if nobody changed the request since `version` was read; bumps the version. */
export async function updateRequest(
  db: Executor,
  id: string,
  version: number,
  patch: DeletionRequestPatch,
): Promise<DeletionRequestRow | null> {
  const row = await db
    .updateTable('deletion_request')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findByStatusTokenHash(db: Executor, tokenHash: string): Promise<DeletionRequestRow | null> {
  return (await db.selectFrom('deletion_request').selectAll().where('status_token_hash', '=', tokenHash).executeTakeFirst()) ?? null;
}

export async function findEvents(db: Executor, requestId: string, options: { publicOnly: boolean }): Promise<DeletionRequestEventRow[]> {
  let query = db.selectFrom('deletion_request_event').selectAll().where('request_id', '=', requestId);
  if (options.publicOnly) query = query.where('public', '=', true);
  return query.orderBy('id').execute();
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
