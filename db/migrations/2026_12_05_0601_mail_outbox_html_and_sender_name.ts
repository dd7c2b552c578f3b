// Mail to requesters comes from the organization's name and carries an HTML
// part beside the plain text. The outbox keeps both as the message was
// composed in the sender's transaction: `body_html` (erased with
// `body_text` once delivered or given up: it may carry the same secrets) and
// `from_name`, the display name the From header shows before the configured
// address (MAIL_FROM's address stays the sender, so SPF and DKIM still hold).
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table mail_outbox
      add column body_html text,
      add column from_name text check (from_name ~ '^[^\r\n]{1,200}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox drop column body_html, drop column from_name`.execute(db);
}
