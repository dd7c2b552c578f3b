// Adding a person to an organization invites them: the membership stays
// pending, granting nothing, until the person accepts it after signing in.
// Until then the organization sees only what its admin typed (invited_name),
// so adding an address reveals nothing about an existing account. A member is
// disabled per organization (membership.disabled_at): one organization's
// admin cannot lock a person out of another's work.
// Existing memberships were all given directly: they count as accepted, and a
// member whose account was disabled by their only organization stays
// disabled there. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table membership
      add column invited_name text check (invited_name is null or length(invited_name) between 1 and 200),
      add column invited_at timestamptz,
      add column accepted_at timestamptz,
      add column disabled_at timestamptz`.execute(db);
  await sql`update membership set accepted_at = created_at`.execute(db);
  await sql`
    update membership set disabled_at = app_user.disabled_at
      from app_user where app_user.id = membership.user_id and app_user.disabled_at is not null`.execute(db);
  // A pending invitation always carries the name its admin typed.
  await sql`alter table membership add constraint membership_invited_or_accepted check (accepted_at is not null or invited_name is not null)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from membership where accepted_at is null`.execute(db);
  await sql`
    alter table membership
      drop constraint membership_invited_or_accepted,
      drop column invited_name,
      drop column invited_at,
      drop column accepted_at,
      drop column disabled_at`.execute(db);
}
