// Use cases of an organization's staff list, for its admins: list members,
// invite a person (told by mail how to sign in and accept), change a member's
// role, disable a member here (revoking the API tokens they created here).
// Officers may read the list too, to pick an assignee.
// Every change is audited in its transaction; the organization keeps at
// least one active admin, and an admin cannot lock themselves out.
import { randomBytes } from 'node:crypto';
import { ORGANIZATION_ROLES, type OrganizationRole } from '@governance/policies/vocabulary/access';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as authRepository from './auth.repository.ts';
import { checkStaffEmail, checkStaffName } from './auth.service.ts';
import { auditActorOf, can, type Principal } from './principal.ts';
import { requirePermission } from './require-permission.ts';
import { addedToOrganizationMail, newAccountMail } from './staff-access-mail.ts';
import * as repository from './users.repository.ts';

/** INVITED until the person accepts; DISABLED once disabled here (or their invitation withdrawn). */
export type MemberStatus = 'INVITED' | 'ACTIVE' | 'DISABLED';

export interface Member {
  userId: string;
  organizationId: string;
  email: string;
  name: string;
  role: OrganizationRole;
  status: MemberStatus;
  /** Whether the person ever accepted; before that, nothing of their account is shown. */
  accepted: boolean;
  disabled: boolean;
  memberSince: Date;
}

function statusOf(record: repository.MemberRecord): MemberStatus {
  if (record.disabledAt !== null || record.accountDisabled) return 'DISABLED';
  return record.acceptedAt === null ? 'INVITED' : 'ACTIVE';
}

const toMember = (record: repository.MemberRecord): Member => ({
  userId: record.userId,
  organizationId: record.organizationId,
  email: record.email,
  name: record.name,
  role: record.role,
  status: statusOf(record),
  accepted: record.acceptedAt !== null,
  disabled: statusOf(record) === 'DISABLED',
  memberSince: record.memberSince,
});

const FORBIDDEN = () => new DomainError('FORBIDDEN', 'You are not allowed to do this.');
const NO_SUCH_MEMBER = () => new DomainError('NOT_FOUND', 'There is no such member in this organization.', { field: 'userId' });

/** Admins manage members; officers may see them to assign work. */
export function canReadMembers(principal: Principal, organizationId: string): boolean {
  return can(principal, organizationId, 'users:manage') || can(principal, organizationId, 'deletion-requests:write');
}

export async function listMembers(context: Pick<UseCaseContext, 'db'>, principal: Principal, organizationId: string): Promise<Member[]> {
  if (!canReadMembers(principal, organizationId)) throw FORBIDDEN();
  return (await repository.listMembers(context.db, organizationId)).map(toMember);
}

function requireManager(principal: Principal, organizationId: string): asserts principal is Extract<Principal, { kind: 'user' }> {
  requirePermission(principal, organizationId, 'users:manage');
  if (principal.kind !== 'user') throw FORBIDDEN();
}

function checkRole(role: string): asserts role is OrganizationRole {
  if (!(ORGANIZATION_ROLES as readonly string[]).includes(role)) {
    throw new DomainError('BAD_USER_INPUT', `Unknown role "${role}"; one of ${ORGANIZATION_ROLES.join(', ')}.`, { field: 'role' });
  }
}

/** 144 random bits: long enough for any password rule, short enough to type once. */
const newInitialPassword = () => randomBytes(18).toString('base64url');

/**
 * What the admin who invited someone is told: the member as the admin typed
 * them, INVITED. The same whether the person is new or already has an
 * account (perhaps in another organization): nothing of the account (its own
 * name, whether it is disabled or uses a second factor) shows until the
 * person accepts, so adding an address cannot probe other organizations.
 */
export interface AddedMember {
  member: Member;
}

/**
 * Invites a person to the organization's staff. A new person gets an account
 * whose random initial password is mailed to them alone; someone who already
 * has an account is told by mail. Either way the membership stays pending,
 * granting nothing, until the person accepts it after signing in; the answer
 * is the same and takes the same time (a password is hashed either way). Only
 * someone already in this organization's list is refused, which tells the
 * admin nothing beyond their own organization.
 */
export async function createOrganizationUser(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl' | 'passwords'>,
  principal: Principal,
  input: { organizationId: string; email: string; name: string; role: string },
  request: AuditRequest,
): Promise<AddedMember> {
  requireManager(principal, input.organizationId);
  checkRole(input.role);
  const role = input.role;
  const email = checkStaffEmail(input.email);
  const name = checkStaffName(input.name);
  const initialPassword = newInitialPassword();
  const passwordHash = await context.passwords.hash(initialPassword);
  const now = context.clock.now();
  const actor = auditActorOf(principal);
  return context.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, input.organizationId);
    const organization = await organizationWithId({ db: trx }, input.organizationId);
    const existing = await authRepository.findUserByEmail(trx, email);
    const earlier = existing ? await repository.findMember(trx, input.organizationId, existing.id) : null;
    // Someone disabled here, or whose invitation was withdrawn, may be invited again.
    if (earlier && !earlier.disabledAt) {
      throw new DomainError('ALREADY_MEMBER', `${email} is a member of this organization already.`, { field: 'email' });
    }
    const created = existing ? null : await authRepository.insertUserIfAbsent(trx, { email, name, passwordHash, isSiteAdmin: false });
    // Another organization may have created the account a moment ago: then it is an existing account.
    const person = created ?? existing ?? (await authRepository.findUserByEmail(trx, email));
    if (!person) throw new Error('an account that conflicted on insert is missing');
    await authRepository.insertInvitation(trx, { userId: person.id, organizationId: input.organizationId, role, invitedName: name, now });
    // The organization's trail reads the same either way; that an account was
    // created is recorded in the site's own chain, which site administrators read.
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor,
      action: AUDIT_ACTION.memberAdded,
      target: { type: 'User', id: person.id },
      metadata: { role },
      request,
      occurredAt: now,
    });
    if (created) {
      await recordAuditEvent(trx, {
        organizationId: null,
        actor,
        action: AUDIT_ACTION.userCreated,
        target: { type: 'User', id: person.id },
        metadata: { email, siteAdmin: false },
        request,
        occurredAt: now,
      });
    }
    const mail = created
      ? newAccountMail(context.publicUrl, organization, created, role, initialPassword)
      : addedToOrganizationMail(context.publicUrl, organization, person, role);
    await enqueueMail(trx, mail, context.clock);
    const member = await repository.findMember(trx, input.organizationId, person.id);
    if (!member) throw new Error(`the membership of user ${person.id} is missing`);
    return { member: toMember(member) };
  });
}

export async function changeMemberRole(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  input: { organizationId: string; userId: string; role: string },
  request: AuditRequest,
): Promise<Member> {
  requireManager(principal, input.organizationId);
  checkRole(input.role);
  const role = input.role;
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, input.organizationId);
    const member = await repository.findMember(trx, input.organizationId, input.userId);
    if (!member) throw NO_SUCH_MEMBER();
    if (member.role === role) return toMember(member);
    if (member.disabledAt)
      throw new DomainError('MEMBER_DISABLED', 'This member is disabled; their role cannot change.', { field: 'userId' });
    // A pending invitation's role may change freely: it counts for nothing yet.
    const activeAdmin = member.role === 'ADMIN' && statusOf(member) === 'ACTIVE';
    if (activeAdmin && (await repository.countActiveAdmins(trx, input.organizationId)) <= 1) {
      throw new DomainError('LAST_ADMIN', 'This is the last admin of the organization; make someone else admin first.', { field: 'role' });
    }
    await repository.setMemberRole(trx, input.organizationId, input.userId, role);
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.memberRoleChanged,
      target: { type: 'User', id: input.userId },
      metadata: { from: member.role, to: role },
      request,
      occurredAt: now,
    });
    return toMember({ ...member, role });
  });
}

/**
 * Disables a member in this organization only (for a pending member: withdraws
 * the invitation). The account stays: the person keeps working for any other
 * organization, so the answer is the same whatever else they belong to. The
 * API tokens they created here are revoked in the same transaction, and their
 * sessions end when no other organization (nor the whole site) is left to them.
 */
export async function disableMember(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  input: { organizationId: string; userId: string },
  request: AuditRequest,
): Promise<Member> {
  requireManager(principal, input.organizationId);
  if (principal.userId === input.userId) {
    throw new DomainError('CANNOT_DISABLE_SELF', 'You cannot disable your own account.', { field: 'userId' });
  }
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, input.organizationId);
    // The row lock orders this against the member creating an API token here:
    // a token is either created before (and revoked below) or refused.
    const member = await repository.findMember(trx, input.organizationId, input.userId, { lock: 'update' });
    if (!member) throw NO_SUCH_MEMBER();
    if (member.disabledAt) return toMember(member); // disabling twice is not a second change
    const wasActive = statusOf(member) === 'ACTIVE';
    if (wasActive && member.role === 'ADMIN' && (await repository.countActiveAdmins(trx, input.organizationId)) <= 1) {
      throw new DomainError('LAST_ADMIN', 'This is the last admin of the organization.', { field: 'userId' });
    }
    await repository.disableMembership(trx, input.organizationId, input.userId, now);
    const actor = auditActorOf(principal);
    // Left with nothing to sign in to, the person's sessions end. Whether they
    // did is recorded in the site's chain only: in the organization's trail it
    // would tell whether the person works elsewhere.
    if (!(await repository.hasAccessBeyond(trx, input.userId, input.organizationId))) {
      const sessionsEnded = await repository.endSessionsOfUser(trx, input.userId, now);
      if (sessionsEnded > 0) {
        await recordAuditEvent(trx, {
          organizationId: null,
          actor,
          action: AUDIT_ACTION.userSessionsEnded,
          target: { type: 'User', id: input.userId },
          metadata: { sessionsEnded, reason: 'last membership disabled' },
          request,
          occurredAt: now,
        });
      }
    }
    // Tokens belong to the organization, but a person who is let go (perhaps
    // because they were not to be trusted) must not keep access through the
    // tokens they made here: those stop with them. Whoever still needs one
    // makes a new one, under their own name.
    const tokensRevoked = await authRepository.revokeApiTokensCreatedBy(trx, input.userId, input.organizationId, now);
    for (const token of tokensRevoked) {
      await recordAuditEvent(trx, {
        organizationId: token.organizationId,
        actor,
        action: AUDIT_ACTION.apiTokenRevoked,
        target: { type: 'ApiToken', id: token.id },
        metadata: { name: token.name, reason: 'creator disabled' },
        request,
        occurredAt: now,
      });
    }
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor,
      action: AUDIT_ACTION.memberDisabled,
      target: { type: 'User', id: input.userId },
      metadata: { role: member.role, invitationWithdrawn: member.acceptedAt === null, tokensRevoked: tokensRevoked.length },
      request,
      occurredAt: now,
    });
    return toMember({ ...member, disabledAt: now });
  });
}

/**
 * The names of members, for readers of the organization's audit trail:
 * a trail that says who did what needs the people's names, and only the
 * names this organization shows itself (as typed, until a person accepts).
 * Someone who is not a member here gets no name.
 */
export async function memberNamesForAuditTrail(
  context: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  requirePermission(principal, organizationId, 'audit:read');
  return repository.memberNamesByIds(context.db, organizationId, userIds);
}

/** Every member by id and name, disabled ones too (they acted once), for choosing whose events an audit reader sees. */
export async function membersForAuditTrail(
  context: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
): Promise<{ userId: string; name: string }[]> {
  requirePermission(principal, organizationId, 'audit:read');
  return (await repository.listMembers(context.db, organizationId)).map((member) => ({ userId: member.userId, name: member.name }));
}
