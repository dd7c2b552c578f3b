// Correction requests (GDPR Art. 16, CCPA §1798.106) and what an erasure kept.
// - privacy_request_correction: one row per item the requester asked to
//   correct: the field, what it says now, what it should say and why (the
//   three texts are personal data: minimisation empties them with the
//   request's other personal data), and the staff decision on it.
// - privacy_request_correction_recipient: whom the organization told of the
//   correction (GDPR Art. 19), by name, from its subprocessor register or typed.
// - privacy_request_retained_item: at the completion of an erasure, what was
//   kept and why, item by item ("we will explain that when it applies").
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table privacy_request_correction (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references deletion_request (id) on delete cascade,
      position integer not null check (position between 1 and 100),
      field text not null check (length(field) between 1 and 200),
      current_value text check (length(current_value) <= 2000),
      proposed_value text check (length(proposed_value) <= 2000),
      reason text check (length(reason) <= 2000),
      decision text check (decision in ('APPLIED', 'PARTIALLY_APPLIED', 'REJECTED')),
      decision_reason text check (length(decision_reason) <= 5000),
      decided_at timestamptz,
      decided_by text,
      unique (request_id, position),
      -- A rejection or a partial correction says why; an undecided item has no decision facts.
      check (decision is null or decision = 'APPLIED' or decision_reason is not null),
      check ((decision is null) = (decided_at is null))
    )`.execute(db);
  await sql`
    create table privacy_request_correction_recipient (
      request_id uuid not null references deletion_request (id) on delete cascade,
      position integer not null check (position between 1 and 50),
      name text not null check (length(name) between 1 and 200),
      from_register boolean not null,
      primary key (request_id, position)
    )`.execute(db);
  await sql`
    create table privacy_request_retained_item (
      request_id uuid not null references deletion_request (id) on delete cascade,
      position integer not null check (position between 1 and 50),
      basis text not null check (basis in ('LEGAL_OBLIGATION', 'LEGAL_CLAIMS', 'SECURITY_AND_ABUSE', 'BILLING_AND_TAX', 'OTHER')),
      description text not null check (length(description) between 1 and 2000),
      until date,
      primary key (request_id, position)
    )`.execute(db);
  await sql`grant select, insert, update on privacy_request_correction to governance_app`.execute(db);
  await sql`grant select, insert, delete on privacy_request_correction_recipient to governance_app`.execute(db);
  await sql`grant select, insert on privacy_request_retained_item to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table privacy_request_retained_item`.execute(db);
  await sql`drop table privacy_request_correction_recipient`.execute(db);
  await sql`drop table privacy_request_correction`.execute(db);
}
