// Staff users, their organization roles, sessions and API tokens; and the
// restricted role the application runs as (governance_app), so the database
// itself enforces what the application may never do (such as editing the
// audit trail). Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Roles belong to the whole PostgreSQL cluster, so another database on it
  // may have created this one already.
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'governance_app') then
        create role governance_app nologin;
      end if;
    end $$`.execute(db);
  // The login user switches to the role on every connection (`-c role=...`).
  await sql`grant governance_app to current_user`.execute(db);

  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and email like '%_@_%'),
      name text not null check (name <> ''),
      password_hash text not null,
      is_site_admin boolean not null default false,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table membership (
      user_id uuid not null references app_user (id),
      organization_id uuid not null references organization (id),
      role text not null check (role in ('ADMIN', 'PRIVACY_OFFICER', 'AUDITOR', 'VIEWER')),
      created_at timestamptz not null default now(),
      primary key (user_id, organization_id)
    )`.execute(db);
  await sql`create index membership_by_organization on membership (organization_id)`.execute(db);

  await sql`
    create table user_session (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      ended_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index user_session_by_user on user_session (user_id)`.execute(db);

  await sql`
    create table api_token (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      name text not null check (name <> ''),
      token_prefix text not null,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      scopes text[] not null check (cardinality(scopes) > 0),
      created_by uuid not null references app_user (id),
      created_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db);
  await sql`create index api_token_by_organization on api_token (organization_id, created_at desc)`.execute(db);

  // Failed sign-in counters shared by every API process (rate-limiter-flexible's layout).
  await sql`
    create table rate_limit (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);

  // Least privilege for the application: data, not schema.
  await sql`grant usage on schema public to governance_app`.execute(db);
  await sql`grant select, insert, update, delete on organization, policy, app_user, membership, user_session, api_token, rate_limit to governance_app`.execute(
    db,
  );
  await sql`grant select, insert on policy_version to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke all on organization, policy, policy_version from governance_app`.execute(db);
  await sql`drop table rate_limit`.execute(db);
  await sql`drop table api_token`.execute(db);
  await sql`drop table user_session`.execute(db);
  await sql`drop table membership`.execute(db);
  await sql`drop table app_user`.execute(db);
  await sql`revoke usage on schema public from governance_app`.execute(db);
  // The role itself stays: other databases on the cluster may use it.
}
