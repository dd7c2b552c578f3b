// SQL of organization membership management: who works for an organization,
// in which role, whether they accepted its invitation, and whether they are
// disabled there.
import type { Database, OrganizationRole } from '@governance/db';
import { type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

export interface MemberRecord {
  userId: string;
  organizationId: string;
  email: string;
  /** The name the admin typed until the person accepts; theirs afterwards. */
  name: string;
  role: OrganizationRole;
  /** null while the invitation is pending. */
  acceptedAt: Date | null;
  /** Disabled in this organization (an invitation withdrawn, for a pending one). */
  disabledAt: Date | null;
  /**
   * Whether the account itself is disabled (by a site administrator); known
   * only once the person accepted, so an invitation reveals nothing of it.
   */
  accountDisabled: boolean;
  memberSince: Date;
}

/**
 * An organization sees nothing of an account before its person accepts: not
 * their own name, not whether the account is disabled.
 */
const shownName = sql<string>`case when membership.accepted_at is null then membership.invited_name else app_user.name end`;
const shownAccountDisabled = sql<boolean>`membership.accepted_at is not null and app_user.disabled_at is not null`;

function selectMembers(db: Executor) {
  return db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select([
      'app_user.id as user_id',
      'membership.organization_id',
      'app_user.email',
      shownName.as('name'),
      'membership.role',
      'membership.accepted_at',
      'membership.disabled_at',
      shownAccountDisabled.as('account_disabled'),
      // Since the person accepted; while pending, since the invitation.
      sql<Date>`coalesce(membership.accepted_at, membership.invited_at, membership.created_at)`.as('member_since'),
    ]);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof selectMembers>['executeTakeFirstOrThrow']>>;

const toMember = (row: MemberRow): MemberRecord => ({
  userId: row.user_id,
  organizationId: row.organization_id,
  email: row.email,
  name: row.name,
  role: row.role,
  acceptedAt: row.accepted_at,
  disabledAt: row.disabled_at,
  accountDisabled: row.account_disabled,
  memberSince: row.member_since,
});

/** Members by name, then email, so the list reads the same every time. */
export async function listMembers(db: Executor, organizationId: string): Promise<MemberRecord[]> {
  const rows = await selectMembers(db)
    .where('membership.organization_id', '=', organizationId)
    .orderBy(shownName)
    .orderBy('app_user.email')
    .execute();
  return rows.map(toMember);
}

/**
 * One member; `lock` holds their membership row until the transaction ends,
 * which orders disabling them against their creating an API token.
 */
export async function findMember(
  db: Executor,
  organizationId: string,
  userId: string,
  options: { lock?: 'share' | 'update' } = {},
): Promise<MemberRecord | null> {
  const query = selectMembers(db).where('membership.organization_id', '=', organizationId).where('membership.user_id', '=', userId);
  const locked =
    options.lock === 'update' ? query.forUpdate('membership') : options.lock === 'share' ? query.forShare('membership') : query;
  const row = await locked.executeTakeFirst();
  return row ? toMember(row) : null;
}

/** Whether the membership grants access (accepted, not disabled), holding its row shared until the transaction ends. */
export async function lockActiveMembership(db: Executor, userId: string, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('membership')
    .select(['accepted_at', 'disabled_at'])
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .forShare()
    .executeTakeFirst();
  return row !== undefined && row.accepted_at !== null && row.disabled_at === null;
}

/**
 * Serialises changes to one organization's members, so two admins demoting
 * each other at once cannot leave the organization without an admin. NO KEY
 * UPDATE: rows that merely reference the organization (a new API token, an
 * audit event) are not held up by it. Its attributes are read through the
 * policies domain, their owner.
 */
export async function lockOrganization(db: Executor, organizationId: string): Promise<void> {
  await db.selectFrom('organization').select('id').where('id', '=', organizationId).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/** Admins who accepted, are not disabled here, and whose accounts are not disabled. */
export async function countActiveAdmins(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('membership.organization_id', '=', organizationId)
    .where('membership.role', '=', 'ADMIN')
    .where('membership.accepted_at', 'is not', null)
    .where('membership.disabled_at', 'is', null)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether the user has access beyond this organization: another accepted, enabled membership, or the whole site. */
export async function hasAccessBeyond(db: Executor, userId: string, organizationId: string): Promise<boolean> {
  const user = await db.selectFrom('app_user').select('is_site_admin').where('id', '=', userId).executeTakeFirst();
  if (user?.is_site_admin) return true;
  const other = await db
    .selectFrom('membership')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('organization_id', '!=', organizationId)
    .where('accepted_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return other !== undefined;
}

export async function setMemberRole(db: Executor, organizationId: string, userId: string, role: OrganizationRole): Promise<void> {
  await db.updateTable('membership').set({ role }).where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

/** Disables the membership in this organization only. */
export async function disableMembership(db: Executor, organizationId: string, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('membership')
    .set({ disabled_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

/** A pending invitation of the person, with its role. */
export interface PendingInvitation {
  organizationId: string;
  role: OrganizationRole;
  invitedAt: Date;
}

function selectInvitations(db: Executor, userId: string) {
  return db
    .selectFrom('membership')
    .select(['membership.organization_id', 'membership.role', 'membership.created_at'])
    .where('membership.user_id', '=', userId)
    .where('membership.accepted_at', 'is', null)
    .where('membership.disabled_at', 'is', null);
}

type InvitationRow = Awaited<ReturnType<ReturnType<typeof selectInvitations>['executeTakeFirstOrThrow']>>;

const toInvitation = (row: InvitationRow): PendingInvitation => ({
  organizationId: row.organization_id,
  role: row.role,
  invitedAt: row.created_at,
});

export async function listInvitations(db: Executor, userId: string): Promise<PendingInvitation[]> {
  return (await selectInvitations(db, userId).orderBy('membership.created_at').execute()).map(toInvitation);
}

/** The person's pending invitation to the organization, locked until the transaction ends. */
export async function lockInvitation(db: Executor, userId: string, organizationId: string): Promise<PendingInvitation | null> {
  const row = await selectInvitations(db, userId)
    .where('membership.organization_id', '=', organizationId)
    .forUpdate('membership')
    .executeTakeFirst();
  return row ? toInvitation(row) : null;
}

export async function acceptInvitation(db: Executor, userId: string, organizationId: string, now: Date): Promise<void> {
  await db
    .updateTable('membership')
    .set({ accepted_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .execute();
}

export async function deleteInvitation(db: Executor, userId: string, organizationId: string): Promise<void> {
  await db
    .deleteFrom('membership')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .execute();
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

/** The names the organization shows for some of its members (as typed until they accept), by user id. */
export async function memberNamesByIds(db: Executor, organizationId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await selectMembers(db)
    .where('membership.organization_id', '=', organizationId)
    .where('membership.user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.name]));
}
