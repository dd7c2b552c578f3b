// The staff queue searches by email (through its salted hash, closed requests
// included) and filters by assignee; at 100,000 requests both scanned the
// table (bench/deletion-queue.ts: 23 ms and a 31 ms p95). Frozen: change the
// schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index deletion_request_email on deletion_request (organization_id, email_hash)`.execute(db);
  await sql`create index deletion_request_assignee_queue on deletion_request (organization_id, assignee_id, due_at, id) where assignee_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index deletion_request_assignee_queue`.execute(db);
  await sql`drop index deletion_request_email`.execute(db);
}
