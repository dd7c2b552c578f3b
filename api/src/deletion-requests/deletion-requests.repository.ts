// All SQL of the deletion-request domain.
import type { Database, DeletionRequestRow, DeletionRequestTable } from '@governance/db';
import { type Insertable, type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

export type NewDeletionRequest = Insertable<DeletionRequestTable>;

export interface IntakeOrganization {
  id: string;
  slug: string;
  name: string;
  emailHashSalt: string;
  /** Days to answer a request under no named regime. */
  otherDays: number;
}

export async function findOrganizationForIntake(db: Executor, slug: string): Promise<IntakeOrganization | null> {
  const row = await db
    .selectFrom('organization')
    .select(['id', 'slug', 'name', 'email_hash_salt', 'deletion_request_days'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row
    ? { id: row.id, slug: row.slug, name: row.name, emailHashSalt: row.email_hash_salt, otherDays: row.deletion_request_days }
    : null;
}

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
    .where('status', 'not in', ['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'])
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

/** Applies the change only if nobody changed the request since `version` was read. */
export async function markVerified(
  db: Executor,
  id: string,
  version: number,
  status: DeletionRequestRow['status'],
  verifiedAt: Date,
): Promise<DeletionRequestRow | null> {
  const row = await db
    .updateTable('deletion_request')
    .set({ status, verified_at: verifiedAt, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}
