// Objections to an announced subprocessor change (GDPR Art. 28(2) and (4)):
// a customer contact objects to one list version before it takes effect,
// confirms the email address by a mailed link, and staff resolve the
// objection with an outcome. The address is personal data: `email` is erased
// by retention (null), `email_hash` (SHA-256 of the organization's salt and
// the normalised address) stays for the limits and the evidence. An
// objection nobody confirmed is deleted whole. The verification link's token
// is stored only as its SHA-256. Frozen: change the schema with a new
// migration.
import { type Kysely, sql } from 'kysely';

// The outbox's kinds grow with each strand of a release: the constraint is
// rebuilt from the kinds it allows now, plus this one, so migrations that
// add kinds side by side compose in either order.
const KIND = 'OBJECTION_VERIFICATION';

async function outboxKinds(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'mail_outbox_kind_check'`.execute(db);
  const definition = rows[0]?.definition ?? '';
  return [...definition.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1] as string);
}

async function allowOutboxKinds(db: Kysely<any>, kinds: readonly string[]): Promise<void> {
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check`.execute(db);
  await sql`alter table mail_outbox add constraint mail_outbox_kind_check check (kind in (${sql.join(kinds.map((kind) => sql.lit(kind)))}))`.execute(
    db,
  );
}

export async function up(db: Kysely<any>): Promise<void> {
  const kinds = await outboxKinds(db);
  if (!kinds.includes(KIND)) await allowOutboxKinds(db, [...kinds, KIND]);
  await sql`
    create table subprocessor_objection (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id),
      list_version_id uuid not null references subprocessor_list_version (id),
      email text check (length(email) <= 320),
      email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
      company text not null check (length(company) between 1 and 200),
      reason text check (length(reason) <= 4000),
      verification_token_hash text not null unique check (verification_token_hash ~ '^[0-9a-f]{64}$'),
      submitted_at timestamptz not null,
      verified_at timestamptz,
      outcome text check (outcome in ('WITHDRAWN_CHANGE', 'SAFEGUARDS_AGREED', 'OBJECTION_NOT_UPHELD', 'CONTRACT_TERMINATED', 'OTHER')),
      resolution_note text check (length(resolution_note) <= 4000),
      resolved_at timestamptz,
      resolved_by uuid references app_user (id),
      erased_at timestamptz,
      check ((outcome is null) = (resolved_at is null)),
      check (resolved_at is null or verified_at is not null)
    )`.execute(db);
  await sql`create index subprocessor_objection_by_list on subprocessor_objection (organization_id, list_version_id, submitted_at)`.execute(
    db,
  );
  await sql`create index subprocessor_objection_unverified on subprocessor_objection (submitted_at) where verified_at is null`.execute(db);
  await sql`create index subprocessor_objection_resolved on subprocessor_objection (resolved_at) where email is not null and resolved_at is not null`.execute(
    db,
  );
  await sql`grant select, insert, update, delete on subprocessor_objection to governance_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table subprocessor_objection`.execute(db);
  await sql`delete from mail_outbox where kind = ${KIND}`.execute(db);
  await allowOutboxKinds(
    db,
    (await outboxKinds(db)).filter((kind) => kind !== KIND),
  );
}
