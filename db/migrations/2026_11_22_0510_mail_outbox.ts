// The transactional outbox for email: a message is a row written in the same
// transaction as the change it tells about, so it is sent if and only if the
// change committed. A job delivers due rows with retries and backoff. The
// Message-ID is fixed here at enqueue, so a resend after a crash carries the
// same one and receivers can recognise the duplicate. Frozen: change the
// schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references organization (id),
      kind text not null check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED')),
      recipient text not null check (recipient <> ''),
      subject text not null,
      -- Emptied (null) once the message is out or given up: bodies may carry
      -- secrets such as verification links, kept no longer than needed.
      body_text text,
      attachments jsonb,
      message_id text not null unique check (message_id ~ '^<[^<>@ ]+@[^<>@ ]+>$'),
      created_at timestamptz not null,
      attempts integer not null default 0 check (attempts >= 0),
      -- Due when null-delivered, not failed and this instant has passed; a
      -- worker that claims a row moves it forward by a lease.
      next_attempt_at timestamptz not null,
      last_error text,
      delivered_at timestamptz,
      failed_at timestamptz
    )`.execute(db);
  await sql`
    create index mail_outbox_due on mail_outbox (next_attempt_at)
      where delivered_at is null and failed_at is null`.execute(db);
  await sql`grant select, insert, update on mail_outbox to governance_app`.execute(db);

  // Wakes the delivery job in the inserting transaction, so it runs right
  // after commit (and never for a rolled-back message). graphile-worker's
  // schema belongs to the login user and appears on the first runner start,
  // so this runs as the function's owner and tolerates the queue's absence:
  // the per-minute sweep delivers whatever no job was added for.
  await sql`
    create function mail_outbox_wake() returns trigger
      language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    begin
      if to_regnamespace('graphile_worker') is not null then
        begin
          perform graphile_worker.add_job('mail_delivery', json_build_object('id', new.id), max_attempts => 1);
        exception when others then
          raise warning 'mail_outbox_wake: could not add the delivery job: %', sqlerrm;
        end;
      end if;
      return null;
    end $$`.execute(db);
  await sql`revoke all on function mail_outbox_wake() from public`.execute(db);
  await sql`
    create trigger mail_outbox_wake after insert on mail_outbox
      for each row execute function mail_outbox_wake()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mail_outbox`.execute(db);
  await sql`drop function mail_outbox_wake()`.execute(db);
}
