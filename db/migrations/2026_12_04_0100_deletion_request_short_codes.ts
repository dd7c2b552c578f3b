// A short code beside each mailed link, for people who cannot click it: 8
// characters of Crockford's base32, typed with the request's reference.
// Stored only as SHA-256 of the request's id and the code (the id salts it,
// so equal codes of two requests never share a hash). Wrong codes are counted
// per request, in one column both codes share: after five, neither code
// works, and the page says to use the link. A status code opens the status on
// a device as a link does: it mints a status handle, a token of its own kept
// in that device's cookie, so the mailed link stays valid. Requests made
// before this migration have no codes: their links work as before.
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table deletion_request
      add column verification_code_hash text check (verification_code_hash ~ '^[0-9a-f]{64}$'),
      add column status_code_hash text check (status_code_hash ~ '^[0-9a-f]{64}$'),
      add column code_failures integer not null default 0 check (code_failures >= 0)`.execute(db);
  await sql`
    create table deletion_request_status_handle (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      request_id uuid not null references deletion_request (id) on delete cascade,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index deletion_request_status_handle_request on deletion_request_status_handle (request_id)`.execute(db);
  await sql`grant select, insert, delete on deletion_request_status_handle to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table deletion_request_status_handle`.execute(db);
  await sql`alter table deletion_request drop column verification_code_hash, drop column status_code_hash, drop column code_failures`.execute(
    db,
  );
}
