// SQL of organization membership management: who works for an organization,
// in which role, and whether their account is disabled.
import type { Database, OrganizationRole } from '@governance/db';
import type { Kysely } from 'kysely';

type Executor = Kysely<Database>;

export interface MemberRecord {
  userId: string;
  organizationId: string;
  email: string;
  name: string;
  role: OrganizationRole;
  disabledAt: Date | null;
  memberSince: Date;
}

const memberColumns = [
  'app_user.id as user_id',
  'membership.organization_id',
  'app_user.email',
  'app_user.name',
  'membership.role',
  'app_user.disabled_at',
  'membership.created_at',
] as const;

type MemberRow = {
  user_id: string;
  organization_id: string;
  email: string;
  name: string;
  role: OrganizationRole;
  disabled_at: Date | null;
  created_at: Date;
};

const toMember = (row: MemberRow): MemberRecord => ({
  userId: row.user_id,
  organizationId: row.organization_id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabledAt: row.disabled_at,
  memberSince: row.created_at,
});

/** Members by name, then email, so the list reads the same every time. */
export async function listMembers(db: Executor, organizationId: string): Promise<MemberRecord[]> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(memberColumns)
    .where('membership.organization_id', '=', organizationId)
    .orderBy('app_user.name')
    .orderBy('app_user.email')
    .execute();
  return rows.map(toMember);
}

export async function findMember(db: Executor, organizationId: string, userId: string): Promise<MemberRecord | null> {
  const row = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(memberColumns)
    .where('membership.organization_id', '=', organizationId)
    .where('membership.user_id', '=', userId)
    .executeTakeFirst();
  return row ? toMember(row) : null;
}

/**
 * Serialises changes to one organization's members, so two admins demoting
 * each other at once cannot leave the organization without an admin; returns
 * the organization.
 */
export async function lockOrganization(db: Executor, organizationId: string): Promise<{ id: string; slug: string; name: string }> {
  return db
    .selectFrom('organization')
    .select(['id', 'slug', 'name'])
    .where('id', '=', organizationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Admins of the organization whose accounts are not disabled. */
export async function countActiveAdmins(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('membership.organization_id', '=', organizationId)
    .where('membership.role', '=', 'ADMIN')
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether the user works for any organization but this one, or administers the whole site. */
export async function hasAccessBeyond(db: Executor, userId: string, organizationId: string): Promise<boolean> {
  const user = await db.selectFrom('app_user').select('is_site_admin').where('id', '=', userId).executeTakeFirst();
  if (user?.is_site_admin) return true;
  const other = await db
    .selectFrom('membership')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('organization_id', '!=', organizationId)
    .executeTakeFirst();
  return other !== undefined;
}

export async function setMemberRole(db: Executor, organizationId: string, userId: string, role: OrganizationRole): Promise<void> {
  await db.updateTable('membership').set({ role }).where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

export async function disableUser(db: Executor, userId: string, now: Date): Promise<void> {
  await db.updateTable('app_user').set({ disabled_at: now, updated_at: now }).where('id', '=', userId).execute();
}

/** Ends every open session of the user; returns how many there were. */
export async function endSessionsOfUser(db: Executor, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('user_session')
    .set({ ended_at: now })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
