// The requester proves the email address is theirs by following the link
// sent to it. Following it twice is fine; an unknown token and the token of
// a request that can no longer be verified get the same answer.
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { secretHash } from '../auth/secrets.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { acknowledgeVerifiedRequest } from './acknowledgement.ts';
import * as repository from './deletion-requests.repository.ts';
import { VERIFICATION_TOKEN_PREFIX, withoutRequesterIdentity } from './intake.service.ts';
import { transition } from './lifecycle.ts';
import type { DeletionRequest } from './models.ts';

const INVALID_LINK = () =>
  new DomainError('INVALID_TOKEN', 'This verification link is not valid. Check that it was copied whole, or submit the request again.', {
    field: 'token',
  });

export async function verifyDeletionRequest(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl'>,
  token: string,
  request: AuditRequest,
): Promise<DeletionRequest> {
  if (!token.startsWith(VERIFICATION_TOKEN_PREFIX)) throw INVALID_LINK();
  const found = await repository.findByVerificationTokenHash(context.db, secretHash(token));
  if (!found) throw INVALID_LINK();
  return confirmRequest(context, found, request, 'email link');
}

/** Confirms the address of a request the requester proved to hold (by the link, or by its short code). */
export async function confirmRequest(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl'>,
  found: DeletionRequest,
  request: AuditRequest,
  by: 'email link' | 'email code',
): Promise<DeletionRequest> {
  if (found.status === 'EXPIRED' || found.status === 'CANCELLED') throw INVALID_LINK();
  if (found.verifiedAt) return found;
  if (found.status !== 'UNVERIFIED') throw INVALID_LINK();
  const now = context.clock.now();
  const next = transition({ status: found.status, statusBeforeHold: found.statusBeforeHold }, 'VERIFY');
  return context.db.transaction().execute(async (trx) => {
    const verified = await repository.updateRequest(trx, found.id, found.version, { status: next.status, verifiedAt: now });
    // Someone else changed it meanwhile (a second click, or staff): answer with what it is now.
    if (!verified) return (await repository.findById(trx, found.id)) ?? found;
    const organization = await organizationWithId({ db: trx }, verified.organizationId);
    await repository.insertEvent(trx, {
      requestId: verified.id,
      organizationId: verified.organizationId,
      occurredAt: now,
      kind: 'VERIFIED',
      actor: { userId: null, label: 'requester' },
      fromStatus: found.status,
      toStatus: verified.status,
      public: true,
      details: { by },
    });
    await acknowledgeVerifiedRequest(trx, context, organization, verified);
    await recordAuditEvent(trx, {
      organizationId: verified.organizationId,
      actor: { type: 'ANONYMOUS', id: null, label: 'requester' },
      action: AUDIT_ACTION.deletionRequestVerified,
      target: { type: 'DeletionRequest', id: verified.id },
      metadata: { reference: verified.reference, by },
      request: withoutRequesterIdentity(request),
      occurredAt: now,
    });
    return verified;
  });
}
