// Organizations, policies and their published versions. Frozen: change the
// schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organization (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (name <> ''),
      website text,
      contacts jsonb not null default '[]',
      notice_period_days integer not null default 30 check (notice_period_days >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table policy (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null,
      created_at timestamptz not null default now(),
      unique (organization_id, slug)
    )`.execute(db);

  await sql`
    create table policy_version (
      id uuid primary key default gen_random_uuid(),
      policy_id uuid not null references policy (id),
      version text not null check (version ~ '^[0-9]+(\\.[0-9]+)*$'),
      title text not null,
      effective_at timestamptz not null,
      published_at timestamptz not null,
      summary text not null,
      material boolean not null,
      body text not null,
      html text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      sections jsonb not null,
      source_path text not null,
      created_at timestamptz not null default now(),
      unique (policy_id, version),
      check (published_at <= effective_at)
    )`.execute(db);
  await sql`create index policy_version_by_effective on policy_version (policy_id, effective_at desc)`.execute(db);

  // What was published stays as published: corrections are new versions.
  await sql`
    create function reject_policy_version_change() returns trigger language plpgsql as $$
    begin
      raise exception 'policy versions are immutable: % of a published version is not allowed', tg_op
        using errcode = 'integrity_constraint_violation',
              hint = 'Publish a correction as a new version.';
    end
    $$`.execute(db);
  await sql`
    create trigger policy_version_immutable before update or delete on policy_version
      for each row execute function reject_policy_version_change()`.execute(db);
  await sql`
    create trigger policy_version_no_truncate before truncate on policy_version
      for each statement execute function reject_policy_version_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table policy_version`.execute(db);
  await sql`drop function reject_policy_version_change()`.execute(db);
  await sql`drop table policy`.execute(db);
  await sql`drop table organization`.execute(db);
}
