// What a short code opens, for the person who typed it with the request's
// reference: the confirmation of the email address (the code of the first
// mail) or the status page on their device (the code of the second). Every
// wrong code counts against the request (repository.checkShortCode); after
// MAX_CODE_FAILURES neither code works, and the answer says to use the link.
import { isRequestReference } from '@governance/policies/vocabulary/request-reference';
import type { AuditRequest } from '../audit/models.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { STATUS_TOKEN_PREFIX } from './acknowledgement.ts';
import * as repository from './deletion-requests.repository.ts';
import type { DeletionRequest } from './models.ts';
import { normaliseShortCode, shortCodeHash } from './short-code.ts';
import { confirmRequest } from './verification.service.ts';

export const MAX_CODE_FAILURES = 5;

/**
 * Devices whose status opened with a typed code keep working, the three used
 * last: a fourth opening replaces the oldest handle. The database bounds the
 * slots to match (migration 2026_12_05_0600).
 */
export const STATUS_HANDLES_PER_REQUEST = 3;

export const SHORT_CODE_MESSAGES = {
  reference: 'Enter the reference from the email, like DR-2026-7K3Q9.',
  code: 'Enter the 8-character code from the email, like ABCD-EFGH.',
  wrong: 'This code does not match the reference. Check both against the email and try again.',
  locked: 'The code was entered wrongly too many times and no longer works. Open the link in the email instead.',
} as const;

function typedReference(typed: string): string {
  const reference = typed.trim().toUpperCase();
  if (typed.length > 40 || !isRequestReference(reference))
    throw new DomainError('BAD_USER_INPUT', SHORT_CODE_MESSAGES.reference, { field: 'reference' });
  return reference;
}

function typedCode(typed: string): string {
  const code = normaliseShortCode(typed);
  if (!code) throw new DomainError('BAD_USER_INPUT', SHORT_CODE_MESSAGES.code, { field: 'code' });
  return code;
}

/** The request the reference names, when the code is its code of this kind; counts a miss otherwise. */
async function requestOpenedBy(
  { db }: Pick<UseCaseContext, 'db'>,
  kind: repository.ShortCodeKind,
  typed: { reference: string; code: string },
): Promise<DeletionRequest> {
  const reference = typedReference(typed.reference);
  const code = typedCode(typed.code);
  const found = await repository.findByReference(db, reference);
  // An unknown reference reads like a wrong code: references are short enough to guess.
  if (!found) throw new DomainError('INVALID_TOKEN', SHORT_CODE_MESSAGES.wrong, { field: 'code' });
  const outcome = await repository.checkShortCode(db, found.id, kind, shortCodeHash(found.id, code), MAX_CODE_FAILURES);
  if (outcome === 'locked') throw new DomainError('CODE_ATTEMPTS_EXHAUSTED', SHORT_CODE_MESSAGES.locked, { field: 'code' });
  if (outcome === 'wrong') throw new DomainError('INVALID_TOKEN', SHORT_CODE_MESSAGES.wrong, { field: 'code' });
  return found;
}

/** Confirms the email address with the code of the verification mail, as its link does. */
export async function verifyDeletionRequestWithCode(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl'>,
  typed: { reference: string; code: string },
  request: AuditRequest,
): Promise<DeletionRequest> {
  const found = await requestOpenedBy(context, 'verification', typed);
  return confirmRequest(context, found, request, 'email code');
}

/**
 * A status token of its own for the device where the status code was typed
 * (kept in that device's cookie): the mailed link stays valid, and the
 * device holds a secret as strong as the link's. Only the last
 * STATUS_HANDLES_PER_REQUEST devices keep theirs.
 */
export async function openDeletionRequestStatusWithCode(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  typed: { reference: string; code: string },
): Promise<string> {
  const found = await requestOpenedBy(context, 'status', typed);
  const statusToken = newSecret(STATUS_TOKEN_PREFIX);
  await repository.putStatusHandle(context.db, found.id, secretHash(statusToken), context.clock.now(), STATUS_HANDLES_PER_REQUEST);
  return statusToken;
}
