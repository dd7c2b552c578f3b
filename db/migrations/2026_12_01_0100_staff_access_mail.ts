// Staff are told by mail when an organization gives them access: a new
// account's initial password goes to the person, never to the admin who added
// them, and someone who already has an account learns that they were added.
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER', 'STAFF_ACCOUNT', 'STAFF_MEMBERSHIP'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind in ('STAFF_ACCOUNT', 'STAFF_MEMBERSHIP')`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER'))`.execute(db);
}
