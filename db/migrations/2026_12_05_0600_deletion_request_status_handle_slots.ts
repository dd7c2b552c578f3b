// Bounds the status handles a typed status code mints. Each right code added
// a row before, so whoever held a code could grow the table without limit.
// Now a request has at most three handles, one per slot: each opening takes
// the next slot in turn (a counter on the request, raised by the same
// statement that writes the handle) and replaces the handle that was there,
// so the three devices used last keep working and the oldest stops. The
// primary key on (request_id, slot) makes the bound hold however many
// openings arrive at once. Existing requests keep their three newest handles.
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

/** Must equal STATUS_HANDLES_PER_REQUEST in api/src/deletion-requests/short-code.service.ts. */
const SLOTS = 3;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    delete from deletion_request_status_handle handle
    using (
      select token_hash, row_number() over (partition by request_id order by created_at desc, token_hash desc) as newest
      from deletion_request_status_handle
    ) ranked
    where ranked.token_hash = handle.token_hash and ranked.newest > ${sql.lit(SLOTS)}`.execute(db);
  await sql`
    alter table deletion_request
      add column status_handles_minted integer not null default 0 check (status_handles_minted >= 0)`.execute(db);
  await sql`alter table deletion_request_status_handle add column slot smallint`.execute(db);
  // Oldest first, so the next opening (slot = minted mod 3) replaces the oldest kept handle.
  await sql`
    update deletion_request_status_handle handle
    set slot = ranked.oldest - 1
    from (
      select token_hash, row_number() over (partition by request_id order by created_at, token_hash) as oldest
      from deletion_request_status_handle
    ) ranked
    where ranked.token_hash = handle.token_hash`.execute(db);
  await sql`
    update deletion_request request
    set status_handles_minted = kept.count
    from (select request_id, count(*) as count from deletion_request_status_handle group by request_id) kept
    where kept.request_id = request.id`.execute(db);
  await sql`
    alter table deletion_request_status_handle
      alter column slot set not null,
      add constraint deletion_request_status_handle_slot check (slot >= 0 and slot < ${sql.lit(SLOTS)}),
      add constraint deletion_request_status_handle_one_per_slot unique (request_id, slot)`.execute(db);
  // The unique index leads with request_id: it serves what the old index did.
  await sql`drop index deletion_request_status_handle_request`.execute(db);
  await sql`grant update on deletion_request_status_handle to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke update on deletion_request_status_handle from governance_app`.execute(db);
  await sql`create index deletion_request_status_handle_request on deletion_request_status_handle (request_id)`.execute(db);
  await sql`
    alter table deletion_request_status_handle
      drop constraint deletion_request_status_handle_one_per_slot,
      drop constraint deletion_request_status_handle_slot,
      drop column slot`.execute(db);
  await sql`alter table deletion_request drop column status_handles_minted`.execute(db);
}
