// The staff queue's working views (open, overdue, due within 7 days,
// unassigned and open) read only open requests, soonest due first. With
// 1,000,000 requests of which 90 % were closed they walked the whole queue
// index through closed rows: 1.6 s a page. A partial index over open requests
// keeps them as fast as the open part of the queue is small, however many
// closed requests accumulate. The predicate is written exactly as
// queue.repository.ts writes OPEN_REQUEST, so the planner can match it even in
// a generic plan. The full queue index stays: the unfiltered queue, a
// jurisdiction or a deep cursor still page over every request. Frozen: change
// the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index deletion_request_open_queue on deletion_request (organization_id, due_at, id)
      where status in ('UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index deletion_request_open_queue`.execute(db);
}
