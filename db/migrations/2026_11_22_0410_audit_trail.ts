// The audit trail. Writers append to audit_event_pending in the transaction
// of the change they record, in parallel; a sealer moves committed events
// into audit_event in batches, giving each a gap-free sequence number per
// chain (one chain per organization, 'site' for events of none) and a
// SHA-256 over its canonical form and the previous hash.
// The application role may only INSERT and SELECT sealed events, and
// triggers that fire even for replication roles refuse UPDATE, DELETE and
// TRUNCATE. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_event_pending (
      id bigint generated always as identity primary key,
      organization_id uuid references organization (id),
      occurred_at text not null check (occurred_at ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$'),
      actor_type text not null check (actor_type in ('USER', 'API_TOKEN', 'SYSTEM', 'ANONYMOUS')),
      actor_id text,
      actor_label text,
      action text not null check (action ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
      target_type text,
      target_id text,
      request_id text,
      ip text,
      user_agent text,
      metadata text not null default '{}'
    )`.execute(db);

  await sql`
    create table audit_event (
      chain text not null,
      seq bigint not null check (seq > 0),
      organization_id uuid references organization (id),
      occurred_at text not null,
      actor_type text not null,
      actor_id text,
      actor_label text,
      action text not null,
      target_type text,
      target_id text,
      request_id text,
      ip text,
      user_agent text,
      metadata text not null,
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      sealed_at timestamptz not null default now(),
      primary key (chain, seq)
    )`.execute(db);
  await sql`create index audit_event_by_action on audit_event (chain, action text_pattern_ops, seq)`.execute(db);
  await sql`create index audit_event_by_actor on audit_event (chain, actor_id, seq)`.execute(db);
  await sql`create index audit_event_by_target on audit_event (chain, target_type, target_id, seq)`.execute(db);
  await sql`create index audit_event_by_time on audit_event (chain, occurred_at, seq)`.execute(db);

  await sql`
    create function reject_audit_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
      for each row execute function reject_audit_event_change()`.execute(db);
  await sql`
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function reject_audit_event_change()`.execute(db);
  // ALWAYS: the triggers fire even under session_replication_role = replica.
  await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(db);
  await sql`alter table audit_event enable always trigger audit_event_no_truncate`.execute(db);

  await sql`grant select, insert on audit_event to governance_app`.execute(db);
  // The sealer, running as the application, removes what it has sealed.
  await sql`grant select, insert, delete on audit_event_pending to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_event`.execute(db);
  await sql`drop function reject_audit_event_change()`.execute(db);
  await sql`drop table audit_event_pending`.execute(db);
}
