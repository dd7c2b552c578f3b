// People subscribe to an organization's changes (its policies, its
// subprocessor list, or both) and are told of each announced change by mail.
//
// change_subscription: one person's subscription, pending until the address
// is confirmed (double opt-in). The address is the only personal data and is
// erased (null) the moment the person unsubscribes; the retention sweep
// deletes unconfirmed and unsubscribed rows. Tokens are stored only as
// SHA-256: the confirmation link's on the row, every mail's unsubscribe link
// in change_subscription_unsubscribe (one per mail, so a notice never needs
// a secret it cannot recover).
//
// change_notice: exactly one row per (subscription, announced change),
// inserted in the same transaction as the outbox message that carries it, so
// a re-run of the sync finds the row and sends nothing more. It keeps only a
// salted hash of the address, so evidence can count recipients after the
// address is gone, and the delivery outcome copied from the outbox row, which
// the outbox's own retention deletes later.
//
// mail_outbox.list_unsubscribe_url: the one-click unsubscribe address a
// message carries in its List-Unsubscribe header (RFC 8058); emptied with the
// body at delivery, since it holds a secret. Frozen: change the schema with
// a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER', 'STAFF_ACCOUNT', 'STAFF_MEMBERSHIP',
                      'PACKAGE_READY', 'SUBSCRIPTION_CONFIRMATION', 'CHANGE_NOTICE'))`.execute(db);
  await sql`alter table mail_outbox add column list_unsubscribe_url text check (char_length(list_unsubscribe_url) <= 2000)`.execute(db);

  await sql`
    create table change_subscription (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      status text not null check (status in ('PENDING', 'CONFIRMED', 'UNSUBSCRIBED')),
      -- Null once unsubscribed: the address is erased at once.
      email text check (char_length(email) <= 320),
      -- SHA-256 of the organization's salt and the normalised address: finds a
      -- person's subscription without the address, and outlives it.
      email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
      topics text[] not null check (cardinality(topics) between 1 and 2 and topics <@ array['POLICIES', 'SUBPROCESSORS']),
      confirmation_token_hash text unique check (confirmation_token_hash ~ '^[0-9a-f]{64}$'),
      confirmation_expires_at timestamptz,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      unsubscribed_at timestamptz,
      check ((status = 'UNSUBSCRIBED') = (email is null)),
      check ((status = 'UNSUBSCRIBED') = (unsubscribed_at is not null)),
      check (status <> 'CONFIRMED' or confirmed_at is not null),
      check ((status = 'PENDING') = (confirmation_token_hash is not null))
    )`.execute(db);
  // One pending and one confirmed subscription per person and organization: a
  // second request replaces the pending one, a confirmation merges into the
  // confirmed one.
  await sql`
    create unique index change_subscription_one_pending on change_subscription (organization_id, email_hash)
      where status = 'PENDING'`.execute(db);
  await sql`
    create unique index change_subscription_one_confirmed on change_subscription (organization_id, email_hash)
      where status = 'CONFIRMED'`.execute(db);
  await sql`
    create index change_subscription_confirmed_topics on change_subscription using gin (topics)
      where status = 'CONFIRMED'`.execute(db);
  await sql`create index change_subscription_by_organization on change_subscription (organization_id, status, created_at)`.execute(db);

  await sql`
    create table change_subscription_unsubscribe (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      subscription_id uuid not null references change_subscription (id) on delete cascade,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index change_subscription_unsubscribe_by_subscription on change_subscription_unsubscribe (subscription_id)`.execute(db);

  await sql`
    create table change_notice (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      -- Null once the retention sweep deleted the (unsubscribed) subscription.
      subscription_id uuid references change_subscription (id) on delete set null,
      topic text not null check (topic in ('POLICIES', 'SUBPROCESSORS')),
      policy_version_id uuid references policy_version (id),
      subprocessor_list_version_id uuid references subprocessor_list_version (id),
      recipient_hash text not null check (recipient_hash ~ '^[0-9a-f]{64}$'),
      -- The outbox message carrying the notice; null once the outbox's retention deleted it.
      mail_id uuid references mail_outbox (id) on delete set null,
      message_id text not null unique,
      created_at timestamptz not null,
      delivered_at timestamptz,
      failed_at timestamptz,
      check ((topic = 'POLICIES') = (policy_version_id is not null)),
      check ((topic = 'SUBPROCESSORS') = (subprocessor_list_version_id is not null)),
      check (num_nonnulls(policy_version_id, subprocessor_list_version_id) = 1),
      unique (subscription_id, policy_version_id),
      unique (subscription_id, subprocessor_list_version_id)
    )`.execute(db);
  await sql`create index change_notice_by_policy_version on change_notice (policy_version_id) where policy_version_id is not null`.execute(
    db,
  );
  await sql`
    create index change_notice_by_list_version on change_notice (subprocessor_list_version_id)
      where subprocessor_list_version_id is not null`.execute(db);
  await sql`create index change_notice_by_mail on change_notice (mail_id) where mail_id is not null`.execute(db);

  // The outbox row's outcome, copied onto its notice when delivery records it:
  // the outbox's retention deletes the row, the notice's evidence stays.
  await sql`
    create function change_notice_delivery() returns trigger language plpgsql as $$
    begin
      update change_notice set delivered_at = new.delivered_at, failed_at = new.failed_at where mail_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger change_notice_delivery after update of delivered_at, failed_at on mail_outbox
      for each row when (new.kind = 'CHANGE_NOTICE' and (new.delivered_at is not null or new.failed_at is not null))
      execute function change_notice_delivery()`.execute(db);

  await sql`grant select, insert, update, delete on change_subscription, change_subscription_unsubscribe to governance_app`.execute(db);
  await sql`grant select, insert, update on change_notice to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger change_notice_delivery on mail_outbox`.execute(db);
  await sql`drop function change_notice_delivery()`.execute(db);
  await sql`drop table change_notice`.execute(db);
  await sql`drop table change_subscription_unsubscribe`.execute(db);
  await sql`drop table change_subscription`.execute(db);
  await sql`delete from mail_outbox where kind in ('SUBSCRIPTION_CONFIRMATION', 'CHANGE_NOTICE')`.execute(db);
  await sql`alter table mail_outbox drop column list_unsubscribe_url`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER', 'STAFF_ACCOUNT', 'STAFF_MEMBERSHIP', 'PACKAGE_READY'))`.execute(
    db,
  );
}
