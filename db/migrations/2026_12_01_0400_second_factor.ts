// Two-step sign-in for staff: a TOTP secret per user (encrypted by the
// application; the database never holds it in clear), one-time recovery
// codes (hashes only), the short-lived challenges that link the password
// step to the code step, and an organization's rule that its members must
// use it. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table user_second_factor (
      user_id uuid primary key references app_user (id),
      -- AES-256-GCM, 'v1.<iv>.<tag>.<ciphertext>' in base64url, bound to user_id.
      secret_ciphertext text not null check (secret_ciphertext ~ '^v1\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+$'),
      created_at timestamptz not null,
      -- null while the enrolment waits for its first code.
      confirmed_at timestamptz,
      -- The last 30-second step whose code was accepted: a code is good once.
      last_used_step bigint
    )`.execute(db);

  await sql`
    create table second_factor_recovery_code (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id),
      code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index second_factor_recovery_code_by_user on second_factor_recovery_code (user_id)`.execute(db);

  await sql`
    create table login_challenge (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index login_challenge_by_user on login_challenge (user_id)`.execute(db);

  await sql`alter table organization add column second_factor_required boolean not null default false`.execute(db);

  await sql`grant select, insert, update, delete on user_second_factor, second_factor_recovery_code, login_challenge to governance_app`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organization drop column second_factor_required`.execute(db);
  await sql`drop table login_challenge`.execute(db);
  await sql`drop table second_factor_recovery_code`.execute(db);
  await sql`drop table user_second_factor`.execute(db);
}
