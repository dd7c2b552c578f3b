// Retention settings and the sweeps that enforce them. A setting is kept as
// versions, one row per change (who, when, why), never edited: the
// application may only add versions. A run records what one sweep of one
// organization did, rule by rule; its counts are committed with each batch
// of work, so a run that is interrupted resumes where it stopped, and at most
// one run per organization is in progress. Frozen: change the schema with a
// new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table retention_setting_version (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      category text not null check (category ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(category) <= 64),
      version integer not null check (version > 0),
      description text not null check (description <> ''),
      -- An ISO-8601 duration (P30D, P24M, P1Y6M, PT12H) or INDEFINITE; the API checks the details.
      period text not null check (period = 'INDEFINITE' or period ~ '^P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+S)?)?$'),
      justification text,
      trigger text not null check (trigger <> ''),
      action text not null check (action in ('DELETE', 'ANONYMIZE')),
      legal_basis text not null check (legal_basis <> ''),
      public boolean not null,
      -- Null for settings loaded from policies/<org>/retention.yaml.
      changed_by uuid references app_user (id),
      changed_at timestamptz not null,
      reason text not null check (reason <> ''),
      unique (organization_id, category, version),
      check (period <> 'INDEFINITE' or coalesce(justification, '') <> '')
    )`.execute(db);
  // Versions are a record: the application adds them and never changes one.
  await sql`grant select, insert on retention_setting_version to governance_app`.execute(db);

  await sql`
    create table retention_run (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      -- The sweep's "now": every cutoff of the run is computed from it.
      started_at timestamptz not null,
      finished_at timestamptz,
      status text not null default 'RUNNING' check (status in ('RUNNING', 'COMPLETED')),
      started_by text not null check (started_by in ('job', 'cli')),
      -- { "<category>": { "rule", "period", "cutoff", "count", "done" } }
      rules jsonb not null default '{}',
      check ((status = 'COMPLETED') = (finished_at is not null))
    )`.execute(db);
  // Keyset pages of past runs, newest first.
  await sql`create index retention_run_by_organization on retention_run (organization_id, started_at desc, id desc)`.execute(db);
  // One run in progress per organization: a second sweep joins it instead of starting another.
  await sql`create unique index retention_run_one_running on retention_run (organization_id) where status = 'RUNNING'`.execute(db);
  await sql`grant select, insert, update on retention_run to governance_app`.execute(db);

  // The sweep deletes delivered and given-up messages once their retention passes.
  await sql`grant delete on mail_outbox to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke delete on mail_outbox from governance_app`.execute(db);
  await sql`drop table retention_run`.execute(db);
  await sql`drop table retention_setting_version`.execute(db);
}
