// Subprocessor registers: each organization's list of the third parties that
// process its customer data, one row per published version of the list, as
// policies/<org>/subprocessors/<version>.yaml holds it. Like policy versions,
// rows never change: a new list is a new version. `content` is the version's
// RFC 8785 canonical JSON, whose SHA-256 is `sha256`, so anyone holding it can
// recompute the hash. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table organization
      add column subprocessor_notice_days integer not null default 30 check (subprocessor_notice_days >= 0)`.execute(db);
  await sql`
    create table subprocessor_list_version (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      version text not null check (version ~ '^[0-9]+(\\.[0-9]+)*$'),
      announced_at timestamptz not null,
      effective_at timestamptz not null,
      summary text not null,
      content text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      source_path text not null,
      created_at timestamptz not null default now(),
      unique (organization_id, version),
      check (announced_at <= effective_at)
    )`.execute(db);
  await sql`create index subprocessor_list_version_by_effective on subprocessor_list_version (organization_id, effective_at desc)`.execute(
    db,
  );
  await sql`
    create function reject_subprocessor_list_change() returns trigger language plpgsql as $$
    begin
      raise exception 'subprocessor lists are immutable: % of a published version is not allowed', tg_op
        using errcode = 'integrity_constraint_violation',
              hint = 'Publish the change as a new version of the list.';
    end
    $$`.execute(db);
  await sql`
    create trigger subprocessor_list_version_immutable before update or delete on subprocessor_list_version
      for each row execute function reject_subprocessor_list_change()`.execute(db);
  await sql`
    create trigger subprocessor_list_version_no_truncate before truncate on subprocessor_list_version
      for each statement execute function reject_subprocessor_list_change()`.execute(db);
  await sql`grant select, insert on subprocessor_list_version to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table subprocessor_list_version`.execute(db);
  await sql`drop function reject_subprocessor_list_change()`.execute(db);
  await sql`alter table organization drop column subprocessor_notice_days`.execute(db);
}
