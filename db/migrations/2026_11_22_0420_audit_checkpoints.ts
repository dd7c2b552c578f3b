// Signed checkpoints of the audit chains: now and then the head of each
// chain (seq and hash) is signed with Ed25519 and published, so a copy saved
// by anyone outside proves later that the chain up to there was not
// rewritten, even by someone with full access to the database. Append-only
// like the events. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_signing_key (
      -- SHA-256 (hex) of the DER-encoded SubjectPublicKeyInfo.
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      algorithm text not null check (algorithm = 'Ed25519'),
      public_key_pem text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table audit_checkpoint (
      chain text not null,
      seq bigint not null check (seq > 0),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      signed_at text not null check (signed_at ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$'),
      -- Base64 Ed25519 signature of the RFC 8785 form of {chain, seq, hash, signedAt}.
      signature text not null,
      public_key_id text not null references audit_signing_key (id),
      created_at timestamptz not null default now(),
      primary key (chain, seq, public_key_id)
    )`.execute(db);
  await sql`create index audit_checkpoint_latest on audit_checkpoint (chain, seq desc)`.execute(db);

  // The same refusal as for events, firing even for replication roles.
  for (const table of ['audit_signing_key', 'audit_checkpoint']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function reject_audit_event_change()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
        for each statement execute function reject_audit_event_change()`.execute(db);
    await sql`alter table ${sql.table(table)} enable always trigger ${sql.raw(`${table}_append_only`)}`.execute(db);
    await sql`alter table ${sql.table(table)} enable always trigger ${sql.raw(`${table}_no_truncate`)}`.execute(db);
    await sql`grant select, insert on ${sql.table(table)} to governance_app`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_checkpoint`.execute(db);
  await sql`drop table audit_signing_key`.execute(db);
}
