// Which signing keys are trusted is configuration (the current key and the
// retired public keys), no longer the audit_signing_key table: a key written
// into the database must never make a forged checkpoint, purge record or
// receipt verify. The application stops writing keys there, so it loses the
// right to (INSERT was all it had; the table stays append-only for everyone),
// and a checkpoint no longer needs its key in that table: it names the key by
// id, as data. The table stays as the record of the keys used before this
// change (their public halves belong in AUDIT_RETIRED_PUBLIC_KEYS to stay
// trusted). Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_checkpoint drop constraint audit_checkpoint_public_key_id_fkey`.execute(db);
  await sql`revoke insert on audit_signing_key from governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`grant insert on audit_signing_key to governance_app`.execute(db);
  // Not validated: checkpoints signed since may name keys the table never held.
  await sql`
    alter table audit_checkpoint add constraint audit_checkpoint_public_key_id_fkey
      foreign key (public_key_id) references audit_signing_key (id) not valid`.execute(db);
}
