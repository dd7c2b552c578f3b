// A person's own invitations: an organization's admin invites, and only the
// person, signed in, turns the invitation into access (accept) or removes it
// (decline). Both are recorded in that organization's trail. Until then the
// membership grants nothing and the organization sees only what its admin typed.
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { organizationsWithIds } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { auditActorOf, type Principal } from './principal.ts';
import * as repository from './users.repository.ts';

/** A pending invitation, with what the person needs to recognise the organization. */
export interface Invitation extends repository.PendingInvitation {
  organizationSlug: string;
  organizationName: string;
}

/** Names each invitation's organization (through the policies domain); oldest first, then by slug. */
async function named(context: Pick<UseCaseContext, 'db'>, invitations: repository.PendingInvitation[]): Promise<Invitation[]> {
  const organizations = await organizationsWithIds(
    context,
    invitations.map((invitation) => invitation.organizationId),
  );
  return invitations
    .flatMap((invitation) => {
      const organization = organizations.get(invitation.organizationId);
      return organization ? [{ ...invitation, organizationSlug: organization.slug, organizationName: organization.name }] : [];
    })
    .sort(
      (a, b) =>
        a.invitedAt.getTime() - b.invitedAt.getTime() ||
        (a.organizationSlug < b.organizationSlug ? -1 : a.organizationSlug > b.organizationSlug ? 1 : 0),
    );
}

const SIGNED_IN = () => new DomainError('UNAUTHENTICATED', 'Sign in first.');
// The same answer for an organization that does not exist and one that did not invite you.
const NO_SUCH_INVITATION = () =>
  new DomainError('NOT_FOUND', 'You have no pending invitation from this organization.', { field: 'organization' });

function requireStaffUser(principal: Principal): asserts principal is Extract<Principal, { kind: 'user' }> {
  if (principal.kind !== 'user') throw SIGNED_IN();
}

export async function pendingInvitations(context: Pick<UseCaseContext, 'db'>, principal: Principal): Promise<Invitation[]> {
  requireStaffUser(principal);
  return named(context, await repository.listInvitations(context.db, principal.userId));
}

async function answerInvitation(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  organizationId: string | null,
  request: AuditRequest,
  answer: 'accepted' | 'declined',
): Promise<Invitation> {
  requireStaffUser(principal);
  if (organizationId === null) throw NO_SUCH_INVITATION();
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    // Locked, so an admin withdrawing it at the same moment is ordered with this answer.
    const invitation = await repository.lockInvitation(trx, principal.userId, organizationId);
    if (!invitation) throw NO_SUCH_INVITATION();
    if (answer === 'accepted') await repository.acceptInvitation(trx, principal.userId, organizationId, now);
    else await repository.deleteInvitation(trx, principal.userId, organizationId);
    await recordAuditEvent(trx, {
      organizationId,
      actor: auditActorOf(principal),
      action: answer === 'accepted' ? AUDIT_ACTION.memberInvitationAccepted : AUDIT_ACTION.memberInvitationDeclined,
      target: { type: 'User', id: principal.userId },
      metadata: { role: invitation.role },
      request,
      occurredAt: now,
    });
    const [answered] = await named({ db: trx }, [invitation]);
    if (!answered) throw NO_SUCH_INVITATION();
    return answered;
  });
}

/** The person joins: from now on the membership grants its role. */
export function acceptInvitation(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  organizationId: string | null,
  request: AuditRequest,
): Promise<Invitation> {
  return answerInvitation(context, principal, organizationId, request, 'accepted');
}

/** The person does not join: the invitation is removed from the organization's list. */
export function declineInvitation(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  organizationId: string | null,
  request: AuditRequest,
): Promise<Invitation> {
  return answerInvitation(context, principal, organizationId, request, 'declined');
}
