import QRCode from 'qrcode';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditActor, AuditRequest } from '../audit/models.ts';
import { organizationsWithIds, storeSecondFactorRequired } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { requireUuid } from '../shared/input-checks.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as authRepository from './auth.repository.ts';
import { confirmCurrentPassword, reserveSignInCheck, type SignedIn, startSession } from './auth.service.ts';
import type { User } from './models.ts';
import { auditActorOf, type Principal } from './principal.ts';
import { newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes.ts';
import { requirePermission } from './require-permission.ts';
import * as repository from './second-factor.repository.ts';
import { INVALID_SECOND_FACTOR_CODE, SIGN_IN_EXPIRED } from './second-factor-errors.ts';
import { decryptSecret, encryptSecret } from './second-factor-key.ts';
import { secretHash } from './secrets.ts';
import { matchingStep, newTotpSecret, otpauthUri } from './totp.ts';
import * as usersRepository from './users.repository.ts';

/** The name authenticator apps show above the code. */
const ISSUER = 'Governance portal';
/** Longer than any challenge token or code; anything longer is refused before any work. */
const MAX_INPUT_LENGTH = 100;

const FORBIDDEN = () => new DomainError('FORBIDDEN', 'You are not allowed to do this.');

type StaffUser = Extract<Principal, { kind: 'user' }>;

function requireStaffUser(principal: Principal): asserts principal is StaffUser {
  if (principal.kind !== 'user') throw FORBIDDEN();
}

function checkInput(value: string, field: string): string {
  // A NUL character never gets this far: the schema's argument checks refuse it first.
  if (value.length > MAX_INPUT_LENGTH) {
    throw new DomainError('BAD_USER_INPUT', `The ${field} must have at most ${MAX_INPUT_LENGTH} characters.`, { field });
  }
  return value;
}

export interface SecondFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function secondFactorStatus(context: Pick<UseCaseContext, 'db'>, principal: Principal): Promise<SecondFactorStatus> {
  requireStaffUser(principal);
  const enabled = await repository.hasActiveSecondFactor(context.db, principal.userId);
  return { enabled, recoveryCodesLeft: enabled ? await repository.countUnusedRecoveryCodes(context.db, principal.userId) : 0 };
}

export function usersWithSecondFactor(context: Pick<UseCaseContext, 'db'>, userIds: readonly string[]): Promise<Set<string>> {
  return repository.usersWithActiveSecondFactor(context.db, userIds);
}

export interface PendingEnrolment {
  /** Base32, for typing into an app by hand. Shown this once. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code: an SVG image as a data: URL. */
  qrCode: string;
}

/** Starts (or starts over) an enrolment: a new secret, active only once confirmed with a code. */
export async function startSecondFactorEnrolment(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'secondFactorKey'>,
  principal: Principal,
): Promise<PendingEnrolment> {
  requireStaffUser(principal);
  const secret = newTotpSecret();
  const saved = await repository.savePendingSecondFactor(
    context.db,
    principal.userId,
    encryptSecret(context.secondFactorKey, principal.userId, secret),
    context.clock.now(),
  );
  if (!saved) {
    throw new DomainError('SECOND_FACTOR_ALREADY_ENABLED', 'Two-step sign-in is already on. An admin can reset it if you lost your phone.');
  }
  const uri = otpauthUri(secret, ISSUER, principal.email);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret, otpauthUri: uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Turns the pending enrolment on with the user's password and a current code;
 * returns the recovery codes, shown this once. The password keeps a stolen
 * session cookie from enrolling its holder's phone (and locking the owner
 * out); ending the user's other sessions stops those opened with the password
 * alone, or by whoever held a copied cookie.
 */
export async function confirmSecondFactorEnrolment(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'secondFactorKey' | 'loginLimiter' | 'passwords'>,
  principal: Principal,
  input: { password: string; code: string },
  request: AuditRequest,
): Promise<{ recoveryCodes: string[] }> {
  requireStaffUser(principal);
  checkInput(input.code, 'code');
  const now = context.clock.now();
  // First, and outside the transaction: a wrong password costs a sign-in check and nothing else (the pending
  // secret stays), and the lockout it may record must stay.
  await confirmCurrentPassword(context, principal, input.password, request, now);
  const recoveryCodes = newRecoveryCodes();
  await context.db.transaction().execute(async (trx) => {
    const factor = await repository.findSecondFactor(trx, principal.userId, { lock: true });
    if (!factor || factor.confirmedAt) {
      throw new DomainError('NO_PENDING_ENROLMENT', 'Start setting up two-step sign-in first.', { field: 'code' });
    }
    const step = matchingStep(decryptSecret(context.secondFactorKey, principal.userId, factor.secretCiphertext), input.code, now);
    if (step === null) throw INVALID_SECOND_FACTOR_CODE('code');
    await repository.confirmSecondFactor(trx, principal.userId, step, now);
    await repository.replaceRecoveryCodes(trx, principal.userId, recoveryCodes.map(recoveryCodeHash), now);
    // This session just proved password and code; every other one proved less.
    const sessionsEnded = await authRepository.endOtherSessions(trx, principal.userId, principal.sessionId, now);
    await recordAuditEvent(trx, {
      organizationId: null,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.secondFactorEnrolled,
      target: { type: 'User', id: principal.userId },
      metadata: { method: 'totp', recoveryCodes: RECOVERY_CODE_COUNT, sessionsEnded },
      request,
      occurredAt: now,
    });
  });
  return { recoveryCodes };
}

/** New recovery codes for a user with two-step sign-in on; the old ones stop working. A current code is needed. */
export async function regenerateRecoveryCodes(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'secondFactorKey' | 'loginLimiter'>,
  principal: Principal,
  code: string,
  request: AuditRequest,
): Promise<{ recoveryCodes: string[] }> {
  requireStaffUser(principal);
  checkInput(code, 'code');
  const now = context.clock.now();
  const recoveryCodes = newRecoveryCodes();
  await context.db.transaction().execute(async (trx) => {
    const factor = await repository.findSecondFactor(trx, principal.userId, { lock: true });
    if (!factor?.confirmedAt) throw new DomainError('SECOND_FACTOR_NOT_ENABLED', 'Two-step sign-in is not on.', { field: 'code' });
    // A stolen session must not be a way to guess codes (and mint recovery codes): the sign-in limits apply.
    // Outside the transaction: a lockout it records must stay when the transaction is rolled back.
    await reserveSignInCheck(context, principal.email, request, auditActorOf(principal), { type: 'User', id: principal.userId }, now);
    const step = matchingStep(decryptSecret(context.secondFactorKey, principal.userId, factor.secretCiphertext), code, now);
    // A wrong code keeps its reserved check spent: it is the failure the limits count.
    if (step === null || !(await repository.useStep(trx, principal.userId, step))) throw INVALID_SECOND_FACTOR_CODE('code');
    await repository.replaceRecoveryCodes(trx, principal.userId, recoveryCodes.map(recoveryCodeHash), now);
    await recordAuditEvent(trx, {
      organizationId: null,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.secondFactorRecoveryCodesRegenerated,
      target: { type: 'User', id: principal.userId },
      metadata: { recoveryCodes: RECOVERY_CODE_COUNT },
      request,
      occurredAt: now,
    });
  });
  await context.loginLimiter.recordSuccess(principal.email, request.ip);
  return { recoveryCodes };
}

/** A second step is still a sign-in by someone not yet signed in, named by the account it tries. */
const anonymousAttemptOn = (user: User): AuditActor => ({ type: 'ANONYMOUS', id: null, label: user.email });

export interface SecondStep {
  /** From `login`. */
  challenge: string;
  /** Six digits from the authenticator app… */
  code?: string | null;
  /** …or one of the recovery codes. */
  recoveryCode?: string | null;
}

/** The second step of a sign-in: the challenge from `login` and a code open the session. */
export async function completeLogin(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter' | 'secondFactorKey'>,
  input: SecondStep,
  request: AuditRequest,
): Promise<SignedIn> {
  checkInput(input.challenge, 'challenge');
  const code = input.code ? checkInput(input.code, 'code') : null;
  const recoveryCode = input.recoveryCode ? checkInput(input.recoveryCode, 'recoveryCode') : null;
  if ((code === null) === (recoveryCode === null)) {
    throw new DomainError('BAD_USER_INPUT', 'Give either the code from your app or a recovery code.', { field: 'code' });
  }
  const now = context.clock.now();
  const challenge = await repository.findOpenLoginChallenge(context.db, secretHash(input.challenge), now);
  const user = challenge ? await authRepository.findUserById(context.db, challenge.userId) : null;
  if (!challenge || !user || user.disabled) throw SIGN_IN_EXPIRED();

  // The sign-in limits bound parallel guesses: each code check is reserved before it is made.
  await reserveSignInCheck(context, user.email, request, anonymousAttemptOn(user), { type: 'User', id: user.id }, now);
  const signedIn = await context.db.transaction().execute(async (trx) => {
    // The row lock orders this check against a reset, and against the other codes of the account.
    const factor = await repository.findSecondFactor(trx, user.id, { lock: true });
    if (!factor?.confirmedAt) throw SIGN_IN_EXPIRED(); // reset meanwhile
    const accepted = code
      ? await acceptTotpCode({ ...context, db: trx }, user.id, factor.secretCiphertext, code, now)
      : await acceptRecoveryCode({ ...context, db: trx }, user, recoveryCode ?? '', request, now);
    if (!accepted) return null; // its reserved check stays spent
    if (!(await repository.consumeLoginChallenge(trx, challenge.id, now))) throw SIGN_IN_EXPIRED();
    return startSession({ ...context, db: trx }, user, request, now, { secondFactor: code ? 'totp' : 'recovery_code' });
  });

  if (!signedIn) {
    await recordAuditEvent(context.db, {
      organizationId: null,
      actor: anonymousAttemptOn(user),
      action: AUDIT_ACTION.loginFailed,
      target: { type: 'User', id: user.id },
      metadata: { step: 'second_factor' },
      request,
      occurredAt: now,
    });
    throw INVALID_SECOND_FACTOR_CODE(code ? 'code' : 'recoveryCode');
  }
  await context.loginLimiter.recordSuccess(user.email, request.ip);
  return signedIn;
}

/** A code of the current step ±1 that is later than the last one accepted (so a seen code cannot be replayed). */
async function acceptTotpCode(
  context: Pick<UseCaseContext, 'db' | 'secondFactorKey'>,
  userId: string,
  secretCiphertext: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = matchingStep(decryptSecret(context.secondFactorKey, userId, secretCiphertext), code, now);
  return step !== null && (await repository.useStep(context.db, userId, step));
}

async function acceptRecoveryCode(
  context: Pick<UseCaseContext, 'db'>,
  user: User,
  recoveryCode: string,
  request: AuditRequest,
  now: Date,
): Promise<boolean> {
  if (normaliseRecoveryCode(recoveryCode) === null) return false;
  if (!(await repository.useRecoveryCode(context.db, user.id, recoveryCodeHash(recoveryCode), now))) return false;
  await recordAuditEvent(context.db, {
    organizationId: null,
    actor: { type: 'USER', id: user.id, label: user.email },
    action: AUDIT_ACTION.secondFactorRecoveryCodeUsed,
    target: { type: 'User', id: user.id },
    metadata: { recoveryCodesLeft: await repository.countUnusedRecoveryCodes(context.db, user.id) },
    request,
    occurredAt: now,
  });
  return true;
}

function requireManager(principal: Principal, organizationId: string): asserts principal is StaffUser {
  requirePermission(principal, organizationId, 'users:manage');
  if (principal.kind !== 'user') throw FORBIDDEN();
}

/**
 * An admin turns a member's second factor off (a lost phone); the member sets
 * it up again at their next sign-in. The factor guards the account
 * everywhere, so an organization's admin may reset it only for a member who
 * accepted and has no other access (another organization, or the whole site);
 * a site administrator may always. Refusing an accepted member tells the
 * admin they work elsewhere: they consented to join, so that much is theirs
 * to know. A pending member is refused alike whether or not their account is
 * new: nothing is known of it until they accept.
 */
export async function resetMemberSecondFactor(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  input: { organizationId: string; userId: string },
  request: AuditRequest,
): Promise<void> {
  requireManager(principal, input.organizationId);
  // Ids reach SQL as uuid: anything else is the client's mistake, not a database error.
  requireUuid(input.userId, 'userId');
  if (principal.userId === input.userId) {
    throw new DomainError('CANNOT_RESET_SELF', 'You cannot reset your own two-step sign-in; ask another admin.', { field: 'userId' });
  }
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    const member = await usersRepository.findMember(trx, input.organizationId, input.userId);
    if (!member) throw new DomainError('NOT_FOUND', 'There is no such member in this organization.', { field: 'userId' });
    if (!principal.isSiteAdmin) {
      if (member.acceptedAt === null) {
        throw new DomainError('NOT_ACCEPTED', 'This person has not accepted the invitation; there is nothing of theirs to reset.', {
          field: 'userId',
        });
      }
      if (await usersRepository.hasAccessBeyond(trx, input.userId, input.organizationId)) {
        throw new DomainError(
          'MEMBER_OF_OTHER_ORGANIZATIONS',
          'This person also has access outside this organization; ask a site administrator to reset their two-step sign-in.',
          { field: 'userId' },
        );
      }
    }
    if (!(await repository.deleteSecondFactor(trx, input.userId))) return; // nothing to reset: not a change
    // A reset follows a lost phone, or a suspicion: whoever holds a session of theirs (on that phone, say) is
    // signed out too, and the member starts again with the password.
    const sessionsEnded = await usersRepository.endSessionsOfUser(trx, input.userId, now);
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.secondFactorReset,
      target: { type: 'User', id: input.userId },
      metadata: { sessionsEnded },
      request,
      occurredAt: now,
    });
  });
}

export async function isSecondFactorRequired(
  context: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
): Promise<boolean> {
  requireManager(principal, organizationId);
  // The rule is an attribute of the organization, which the policies domain owns.
  return (await organizationsWithIds(context, [organizationId])).get(organizationId)?.secondFactorRequired ?? false;
}

/** An admin's rule: members must use two-step sign-in to reach the organization's data. */
export async function setOrganizationSecondFactorRequired(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  input: { organizationId: string; required: boolean },
  request: AuditRequest,
): Promise<boolean> {
  requireManager(principal, input.organizationId);
  // Requiring it without having it would shut the admin out of the organization they are configuring.
  if (input.required && !(await repository.hasActiveSecondFactor(context.db, principal.userId))) {
    throw new DomainError('SECOND_FACTOR_NOT_ENABLED', 'Set up two-step sign-in for yourself before requiring it of everyone.', {
      field: 'required',
    });
  }
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    if (!(await storeSecondFactorRequired({ db: trx }, input.organizationId, input.required))) return;
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.organizationSecondFactorRequirementChanged,
      target: { type: 'Organization', id: input.organizationId },
      metadata: { required: input.required },
      request,
      occurredAt: now,
    });
  });
  return input.required;
}
