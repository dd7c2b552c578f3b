// Staff get a daily reminder of deletion requests close to (or past) their
// deadline: a new kind of mail. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'REMINDER'`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED'))`.execute(db);
}
