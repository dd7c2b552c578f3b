// What staff do with a deletion request: assignment, holds, the extension,
// the outcome and its signed receipt, and a timeline of every step. The due
// date is stored (recomputed by every change) so queues can filter and sort
// by it. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Requests under no named regime: the organization's own deadline.
  await sql`alter table organization add column deletion_request_days integer not null default 30 check (deletion_request_days between 1 and 365)`.execute(
    db,
  );
  await sql`
    alter table deletion_request
      add column due_at timestamptz,
      add column assignee_id uuid references app_user (id),
      -- [{ "from", "until", "reason" }]: holds waiting for proof of identity stop the GDPR clock.
      add column holds jsonb not null default '[]',
      add column extension jsonb,
      add column closed_at timestamptz,
      add column rejection_category text check (rejection_category in ('UNVERIFIABLE', 'EXEMPT', 'EXCESSIVE', 'DUPLICATE', 'OTHER')),
      add column outcome_reason text,
      add column completion jsonb,
      add column receipt jsonb,
      add column personal_data_erased_at timestamptz`.execute(db);
  await sql`update deletion_request set due_at = received_at + interval '30 days' where due_at is null`.execute(db);
  await sql`alter table deletion_request alter column due_at set not null`.execute(db);
  // The staff queue: keyset pages by due date within an organization.
  await sql`create index deletion_request_queue on deletion_request (organization_id, due_at, id)`.execute(db);
  // Minimisation finds closed requests by when they closed.
  await sql`create index deletion_request_closed on deletion_request (closed_at) where personal_data_erased_at is null and closed_at is not null`.execute(
    db,
  );
  // Expiry finds unverified requests by age.
  await sql`create index deletion_request_unverified on deletion_request (received_at) where status = 'UNVERIFIED'`.execute(db);

  await sql`
    create table deletion_request_event (
      id bigint generated always as identity primary key,
      request_id uuid not null references deletion_request (id),
      organization_id uuid not null references organization (id),
      occurred_at timestamptz not null,
      kind text not null,
      actor_user_id uuid references app_user (id),
      -- 'requester', 'system', or the staff member's name at the time.
      actor_label text not null,
      from_status text,
      to_status text,
      -- Shown on the requester's status page; notes and assignments are internal.
      public boolean not null,
      -- What the step said (reason, note, amount); erased with the request's personal data.
      details jsonb not null default '{}'
    )`.execute(db);
  await sql`create index deletion_request_event_request on deletion_request_event (request_id, id)`.execute(db);
  await sql`grant select, insert, update on deletion_request_event to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table deletion_request_event`.execute(db);
  await sql`
    alter table deletion_request
      drop column due_at, drop column assignee_id, drop column holds, drop column extension, drop column closed_at,
      drop column rejection_category, drop column outcome_reason, drop column completion, drop column receipt,
      drop column personal_data_erased_at`.execute(db);
  await sql`alter table organization drop column deletion_request_days`.execute(db);
}
