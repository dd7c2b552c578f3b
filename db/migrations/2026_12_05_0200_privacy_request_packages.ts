// Answers to access and portability requests: a package of the requester's
// data, sealed once (its SHA-256 and size never change), stored encrypted
// (AES-256-GCM, key from configuration) until the retention rule
// privacy-request-packages erases the ciphertext and keeps the hash; and the
// download links that deliver it through the status page, each valid for a
// number of days and downloads. An organization may require staff to record
// proof of the requester's identity before a link is issued (CCPA §7062).
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organization add column package_identity_proof_required boolean not null default false`.execute(db);
  await sql`
    create table privacy_request_package (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null unique references deletion_request (id),
      organization_id uuid not null references organization (id),
      sealed_at timestamptz not null,
      sealed_by uuid references app_user (id),
      -- SHA-256 of the package's RFC 8785 canonical JSON, and its length in bytes.
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes integer not null check (size_bytes > 0),
      -- AES-256-GCM: iv (12 bytes) || tag (16 bytes) || ciphertext, bound to the package id. Null once erased.
      ciphertext bytea,
      erased_at timestamptz,
      -- Proof of the requester's identity recorded by staff, when the organization requires it before release.
      identity_proof_method text check (char_length(identity_proof_method) between 1 and 200),
      identity_proved_at timestamptz,
      identity_proved_by uuid references app_user (id),
      check ((ciphertext is null) = (erased_at is not null)),
      check ((identity_proof_method is null) = (identity_proved_at is null))
    )`.execute(db);
  // Sealed once: the sealed facts never change, the ciphertext only goes (erasure), the proof is recorded once.
  await sql`
    create function guard_privacy_request_package() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE'
        or new.id <> old.id or new.request_id <> old.request_id or new.organization_id <> old.organization_id
        or new.sealed_at <> old.sealed_at or new.sealed_by is distinct from old.sealed_by
        or new.sha256 <> old.sha256 or new.size_bytes <> old.size_bytes
        or (new.ciphertext is not null and new.ciphertext is distinct from old.ciphertext)
        or (old.erased_at is not null and new.erased_at is distinct from old.erased_at)
        or (old.identity_proved_at is not null and (new.identity_proved_at is distinct from old.identity_proved_at
            or new.identity_proof_method is distinct from old.identity_proof_method
            or new.identity_proved_by is distinct from old.identity_proved_by))
      then
        raise exception 'privacy request packages are sealed: % of a sealed package is not allowed', tg_op
          using errcode = 'integrity_constraint_violation',
                hint = 'Only erasure of the ciphertext and a first identity proof may change a package.';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger privacy_request_package_sealed before update or delete on privacy_request_package
      for each row execute function guard_privacy_request_package()`.execute(db);
  await sql`
    create trigger privacy_request_package_no_truncate before truncate on privacy_request_package
      for each statement execute function guard_privacy_request_package()`.execute(db);
  await sql`create index privacy_request_package_kept on privacy_request_package (organization_id) where erased_at is null`.execute(db);
  await sql`grant select, insert, update on privacy_request_package to governance_app`.execute(db);

  await sql`
    create table privacy_request_package_link (
      id uuid primary key default gen_random_uuid(),
      package_id uuid not null references privacy_request_package (id),
      issued_at timestamptz not null,
      issued_by uuid references app_user (id),
      expires_at timestamptz not null,
      max_downloads integer not null check (max_downloads between 1 and 100),
      downloads integer not null default 0,
      first_downloaded_at timestamptz,
      revoked_at timestamptz,
      check (downloads between 0 and max_downloads),
      check (expires_at > issued_at)
    )`.execute(db);
  // At most one link per package that staff have not revoked: re-issuing revokes the one before.
  await sql`create unique index privacy_request_package_link_current on privacy_request_package_link (package_id) where revoked_at is null`.execute(
    db,
  );
  await sql`create index privacy_request_package_link_package on privacy_request_package_link (package_id, issued_at desc)`.execute(db);
  await sql`grant select, insert, update on privacy_request_package_link to governance_app`.execute(db);

  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER', 'STAFF_ACCOUNT', 'STAFF_MEMBERSHIP', 'PACKAGE_READY'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'PACKAGE_READY'`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`
    alter table mail_outbox add constraint mail_outbox_kind_check
      check (kind in ('VERIFICATION', 'RECEIVED', 'EXTENDED', 'COMPLETED', 'REJECTED', 'REMINDER', 'STAFF_ACCOUNT', 'STAFF_MEMBERSHIP'))`.execute(
    db,
  );
  await sql`drop table privacy_request_package_link`.execute(db);
  await sql`drop table privacy_request_package`.execute(db);
  await sql`drop function guard_privacy_request_package()`.execute(db);
  await sql`alter table organization drop column package_identity_proof_required`.execute(db);
}
