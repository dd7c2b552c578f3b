// Deletion requests: what a person asked of an organization, and where the
// request stands. Personal data (email, name, account, details) sits in
// nullable columns so it can be erased once the request's retention passes;
// a salted hash of the email stays for duplicate detection. Frozen: change
// the schema with a new migration.
import { type Kysely, sql } from 'kysely';

const STATUSES = sql.raw(`'UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'`);

export async function up(db: Kysely<any>): Promise<void> {
  // Per organization, so the same email hashes differently in two organizations.
  // gen_random_uuid() draws from PostgreSQL's strong random source.
  await sql`alter table organization add column email_hash_salt text not null default gen_random_uuid()::text`.execute(db);

  await sql`
    create table deletion_request (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      reference text not null unique check (reference ~ '^DR-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{5}$'),
      idempotency_key text not null check (char_length(idempotency_key) between 8 and 200),
      -- SHA-256 of the submitted input: the same key with other input is refused.
      input_hash text not null check (input_hash ~ '^[0-9a-f]{64}$'),
      email text,
      name text,
      account_identifier text,
      details text,
      email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
      jurisdiction text not null check (jurisdiction in ('GDPR', 'CCPA', 'OTHER')),
      status text not null default 'UNVERIFIED' check (status in (${STATUSES})),
      status_before_hold text check (status_before_hold in (${STATUSES})),
      duplicate_of uuid references deletion_request (id),
      verification_token_hash text not null unique check (verification_token_hash ~ '^[0-9a-f]{64}$'),
      status_token_hash text not null unique check (status_token_hash ~ '^[0-9a-f]{64}$'),
      received_at timestamptz not null,
      verified_at timestamptz,
      -- Bumped by every change, so two staff members cannot overwrite each other.
      version integer not null default 1,
      unique (organization_id, idempotency_key)
    )`.execute(db);
  await sql`
    create index deletion_request_open_by_email on deletion_request (organization_id, email_hash, received_at)
      where status not in ('COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED')`.execute(db);
  await sql`grant select, insert, update on deletion_request to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table deletion_request`.execute(db);
  await sql`alter table organization drop column email_hash_salt`.execute(db);
}
