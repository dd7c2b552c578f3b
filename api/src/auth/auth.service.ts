// Use cases of staff identity and API access: signing in and out, turning a
// session cookie or bearer token into a Principal, creating staff users, and
// managing API tokens. Every change records its audit event in the same
// transaction; failed sign-ins and refusals are recorded too.
import { isTokenScope, type OrganizationRole, type TokenScope } from '@governance/policies/vocabulary/access';
import { isEmailAddress, normaliseEmail } from '@governance/policies/vocabulary/email';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditActor, AuditRequest } from '../audit/models.ts';
import { organizationBySlug, organizationIdsRequiringSecondFactor } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as repository from './auth.repository.ts';
import { type LoginChallenge, openLoginChallenge } from './login-challenge.ts';
import { lockedOutFor } from './login-limiter.ts';
import type { ApiToken, User } from './models.ts';
import { checkPasswordStrength, MAX_PASSWORD_LENGTH } from './passwords.ts';
import { auditActorOf, type Principal } from './principal.ts';
import { requirePermission } from './require-permission.ts';
import * as secondFactorRepository from './second-factor.repository.ts';
import { API_TOKEN_PREFIX, newSecret, SESSION_PREFIX, secretHash } from './secrets.ts';
import * as usersRepository from './users.repository.ts';

/** Refreshing the idle expiry on every request would write on every request; once a minute is enough. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** RFC 5321's limit on a forward path: no address is longer. */
export const MAX_EMAIL_LENGTH = 254;

/** Refused before anything is looked up or recorded: nobody grows the trail or the counters with an 8 MB "email". */
function checkSignInEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (email === '' || email.length > MAX_EMAIL_LENGTH) {
    throw new DomainError('BAD_USER_INPUT', `The email must have 1 to ${MAX_EMAIL_LENGTH} characters.`, { field: 'email' });
  }
  return email;
}

function checkSignInPassword(password: string): void {
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('BAD_USER_INPUT', `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`, { field: 'password' });
  }
}

const INVALID_CREDENTIALS = () => new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.');

export interface SignedIn {
  user: User;
  sessionToken: string;
  expiresAt: Date;
}

export async function login(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter' | 'passwords'>,
  input: { email: string; password: string },
  request: AuditRequest,
): Promise<SignedIn | LoginChallenge> {
  const email = checkSignInEmail(input.email);
  checkSignInPassword(input.password);
  const now = context.clock.now();
  const user = await repository.findUserByEmail(context.db, email);
  // Only an existing account's address names the attempt: whatever else was
  // typed into the email field (a password, say) is not kept in the trail forever.
  const anonymous: AuditActor = { type: 'ANONYMOUS', id: null, label: user?.email ?? null };
  const target = user ? { type: 'User', id: user.id } : null;
  await reserveSignInCheck(context, email, request, anonymous, target, now);

  const passwordMatches = await context.passwords.verify(user?.passwordHash ?? null, input.password);
  if (!user || !passwordMatches || user.disabled) {
    // The reserved check stays spent: it is the failure the limits count.
    await recordAuditEvent(context.db, {
      organizationId: null,
      actor: anonymous,
      action: AUDIT_ACTION.loginFailed,
      ...(target ? { target } : {}),
      request,
      occurredAt: now,
    });
    throw INVALID_CREDENTIALS();
  }

  // With a second factor, the password alone opens nothing. A right password is no failure, so its check
  // is given back; the failures before it stay counted until the code is right too.
  if (await secondFactorRepository.hasActiveSecondFactor(context.db, user.id)) {
    await context.loginLimiter.refund(email, request.ip);
    return openLoginChallenge(context, user.id, now);
  }

  await context.loginLimiter.recordSuccess(email, request.ip);
  const { passwordHash: _, ...publicUser } = user;
  return context.db.transaction().execute((trx) => startSession({ ...context, db: trx }, publicUser, request, now));
}

/**
 * Reserves one sign-in check (a password, or a code of the second step) for the
 * account and the address before it is made, or refuses with LOCKED_OUT. The
 * first refusal of a lockout is recorded, once, whichever step ran into it.
 */
export async function reserveSignInCheck(
  context: Pick<UseCaseContext, 'db' | 'loginLimiter'>,
  email: string,
  request: AuditRequest,
  actor: AuditActor,
  target: { type: string; id: string } | null,
  now: Date,
): Promise<void> {
  const reservation = await context.loginLimiter.reserve(email, request.ip);
  if (reservation.granted) return;
  if (reservation.newlyLocked.length > 0) {
    await recordAuditEvent(context.db, {
      organizationId: null,
      actor,
      action: AUDIT_ACTION.loginLocked,
      ...(target ? { target } : {}),
      metadata: { limits: reservation.newlyLocked },
      request,
      occurredAt: now,
    });
  }
  throw lockedOutFor(reservation.retryAfterMs);
}

/**
 * A signed-in user proves again that they know the password before a change
 * a stolen session cookie must not be able to make (turning on two-step
 * sign-in, which would lock the owner out). Checked like a sign-in: a check is
 * reserved first, so wrong passwords count against the same limits and lock
 * the account out; a right one is no failure and gets its check back.
 */
export async function confirmCurrentPassword(
  context: Pick<UseCaseContext, 'db' | 'loginLimiter' | 'passwords'>,
  principal: Extract<Principal, { kind: 'user' }>,
  password: string,
  request: AuditRequest,
  now: Date,
): Promise<void> {
  checkSignInPassword(password);
  const actor = auditActorOf(principal);
  const target = { type: 'User', id: principal.userId };
  await reserveSignInCheck(context, principal.email, request, actor, target, now);
  const user = await repository.findUserByEmail(context.db, principal.email);
  if (!user || user.id !== principal.userId || !(await context.passwords.verify(user.passwordHash, password))) {
    // The reserved check stays spent: it is the failure the limits count.
    await recordAuditEvent(context.db, {
      organizationId: null,
      actor,
      action: AUDIT_ACTION.loginFailed,
      target,
      metadata: { step: 'password_confirmation' },
      request,
      occurredAt: now,
    });
    throw new DomainError('INVALID_CREDENTIALS', 'That is not your password.', { field: 'password' });
  }
  await context.loginLimiter.refund(principal.email, request.ip);
}

/** Opens a session for a user who has proven who they are, and records it; run inside the caller's transaction. */
export async function startSession(
  context: Pick<UseCaseContext, 'db' | 'sessions'>,
  user: User,
  request: AuditRequest,
  now: Date,
  metadata?: Record<string, unknown>,
): Promise<SignedIn> {
  const sessionToken = newSecret(SESSION_PREFIX);
  const absoluteExpiresAt = new Date(now.getTime() + context.sessions.absoluteMs);
  const idleExpiresAt = new Date(Math.min(now.getTime() + context.sessions.idleMs, absoluteExpiresAt.getTime()));
  const sessionId = await repository.insertSession(context.db, {
    userId: user.id,
    tokenHash: secretHash(sessionToken),
    now,
    idleExpiresAt,
    absoluteExpiresAt,
    ip: request.ip,
    userAgent: request.userAgent,
  });
  await recordAuditEvent(context.db, {
    organizationId: null,
    actor: { type: 'USER', id: user.id, label: user.email },
    action: AUDIT_ACTION.loginSucceeded,
    target: { type: 'Session', id: sessionId },
    ...(metadata ? { metadata } : {}),
    request,
    occurredAt: now,
  });
  return { user, sessionToken, expiresAt: absoluteExpiresAt };
}

export async function logout(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  principal: Principal,
  request: AuditRequest,
): Promise<boolean> {
  if (principal.kind !== 'user') return false;
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const ended = await repository.endSession(trx, principal.sessionId, now);
    if (ended) {
      await recordAuditEvent(trx, {
        organizationId: null,
        actor: auditActorOf(principal),
        action: AUDIT_ACTION.loggedOut,
        target: { type: 'Session', id: principal.sessionId },
        request,
        occurredAt: now,
      });
    }
    return ended;
  });
}

/** The signed-in user of a session token, or null when it is unknown, ended or expired. */
export async function authenticateSession(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  sessionToken: string,
): Promise<Principal | null> {
  if (!sessionToken.startsWith(SESSION_PREFIX)) return null;
  const now = context.clock.now();
  const session = await repository.findSessionByTokenHash(context.db, secretHash(sessionToken));
  if (!session || session.endedAt || now >= session.idleExpiresAt || now >= session.absoluteExpiresAt) return null;
  const user = await repository.findUserById(context.db, session.userId);
  if (!user || user.disabled) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    const idleExpiresAt = new Date(Math.min(now.getTime() + context.sessions.idleMs, session.absoluteExpiresAt.getTime()));
    await repository.touchSession(context.db, session.id, now, idleExpiresAt);
  }
  const memberships = await repository.findMemberships(context.db, user.id);
  const awaitingSecondFactor = await secondFactorRepository.organizationsAwaitingSecondFactor(
    context.db,
    user.id,
    user.isSiteAdmin,
    await organizationIdsRequiringSecondFactor(context),
  );
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    isSiteAdmin: user.isSiteAdmin,
    roles: new Map(memberships.map((membership) => [membership.organizationId, membership.role])),
    sessionId: session.id,
    secondFactorMissingIn: new Set(awaitingSecondFactor),
  };
}

/** The API token of a bearer secret, or null when it is unknown, revoked or expired. */
export async function authenticateApiToken(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  secret: string,
): Promise<Principal | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const now = context.clock.now();
  const token = await repository.findApiTokenByHash(context.db, secretHash(secret));
  if (!token || token.revokedAt || (token.expiresAt && now >= token.expiresAt)) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS) {
    await repository.markApiTokenUsed(context.db, token.id, now);
  }
  return { kind: 'token', tokenId: token.id, name: token.name, organizationId: token.organizationId, scopes: new Set(token.scopes) };
}

export function currentUser(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  principal: Principal,
): Promise<User | null> {
  return principal.kind === 'user' ? repository.findUserById(context.db, principal.userId) : Promise.resolve(null);
}

/** Refusals are audited: who tried what, where. The caller still refuses. */
export async function recordDenial(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  organizationId: string | null,
  attempted: string,
  request: AuditRequest,
): Promise<void> {
  await recordAuditEvent(context.db, {
    organizationId,
    actor: auditActorOf(principal),
    action: AUDIT_ACTION.accessDenied,
    metadata: { attempted },
    request,
    occurredAt: context.clock.now(),
  });
}

const MAX_NAME_LENGTH = 200;

/** A new staff user's email, normalised; refused naming `email` unless it is one. */
export function checkStaffEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (email.length > MAX_EMAIL_LENGTH)
    throw new DomainError('BAD_USER_INPUT', `An email address has at most ${MAX_EMAIL_LENGTH} characters.`, { field: 'email' });
  if (!isEmailAddress(email)) throw new DomainError('BAD_USER_INPUT', `"${email}" is not an email address.`, { field: 'email' });
  return email;
}

export function checkStaffName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH)
    throw new DomainError('BAD_USER_INPUT', `The name must have 1 to ${MAX_NAME_LENGTH} characters.`, { field: 'name' });
  return name;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  siteAdmin?: boolean;
  membership?: { organizationSlug: string; role: OrganizationRole };
}

/**
 * Creates a staff user, a site administrator or a member of an organization:
 * a site-wide action, for the system (the user:create command) and site
 * administrators. The principal is the actor of the audit event.
 */
export async function createUser(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'passwords'>,
  principal: Principal,
  input: NewUser,
): Promise<User> {
  requirePermission(principal, null, 'users:manage');
  const actor = auditActorOf(principal);
  const email = checkStaffEmail(input.email);
  const name = checkStaffName(input.name);
  checkPasswordStrength(input.password);
  const passwordHash = await context.passwords.hash(input.password);
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    if (await repository.findUserByEmail(trx, email))
      throw new DomainError('USER_EXISTS', `A user with the email ${email} exists already.`, { field: 'email' });
    let organizationId: string | null = null;
    if (input.membership) {
      organizationId = (await organizationBySlug({ db: trx }, input.membership.organizationSlug))?.id ?? null;
      if (!organizationId) {
        throw new DomainError('UNKNOWN_ORGANIZATION', `There is no organization "${input.membership.organizationSlug}".`, { field: 'org' });
      }
    }
    const user = await repository.insertUser(trx, { email, name, passwordHash, isSiteAdmin: input.siteAdmin ?? false });
    await recordAuditEvent(trx, {
      organizationId,
      actor,
      action: AUDIT_ACTION.userCreated,
      target: { type: 'User', id: user.id },
      metadata: { email, siteAdmin: user.isSiteAdmin, ...(input.membership ? { role: input.membership.role } : {}) },
      occurredAt: now,
    });
    if (organizationId && input.membership) {
      await repository.upsertMembership(trx, user.id, organizationId, input.membership.role, now);
    }
    return user;
  });
}

export interface NewApiToken {
  organizationId: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
}

export async function createApiToken(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  principal: Principal,
  input: NewApiToken,
  request: AuditRequest,
): Promise<{ token: ApiToken; secret: string }> {
  requirePermission(principal, input.organizationId, 'tokens:manage');
  if (principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only staff users create API tokens.');
  const now = context.clock.now();
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    throw new DomainError('BAD_USER_INPUT', 'The name must have 1 to 100 characters.', { field: 'name' });
  const unknown = input.scopes.filter((scope) => !isTokenScope(scope));
  if (input.scopes.length === 0 || unknown.length > 0) {
    throw new DomainError(
      'BAD_USER_INPUT',
      unknown.length > 0 ? `Unknown scopes: ${unknown.join(', ')}.` : 'Give the token at least one scope.',
      {
        field: 'scopes',
      },
    );
  }
  if (input.expiresAt && input.expiresAt <= now)
    throw new DomainError('BAD_USER_INPUT', 'The expiry must be in the future.', { field: 'expiresAt' });
  const scopes = [...new Set(input.scopes as TokenScope[])].sort();
  const secret = newSecret(API_TOKEN_PREFIX);
  const token = await context.db.transaction().execute(async (trx) => {
    // The creator's membership row, shared-locked until the token is stored: a
    // disableMember holds it for update, so the token is either created before
    // (and revoked with the rest) or refused here, never left live.
    if (!principal.isSiteAdmin && !(await usersRepository.lockActiveMembership(trx, principal.userId, input.organizationId))) {
      throw new DomainError('FORBIDDEN', 'You are not allowed to do this.');
    }
    const created = await repository.insertApiToken(trx, {
      organizationId: input.organizationId,
      name,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      tokenHash: secretHash(secret),
      scopes,
      createdBy: principal.userId,
      now,
      expiresAt: input.expiresAt,
    });
    await recordAuditEvent(trx, {
      organizationId: input.organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.apiTokenCreated,
      target: { type: 'ApiToken', id: created.id },
      metadata: { name, scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
      request,
      occurredAt: now,
    });
    return created;
  });
  return { token, secret };
}

export async function listApiTokens(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  principal: Principal,
  organizationId: string,
): Promise<ApiToken[]> {
  requirePermission(principal, organizationId, 'tokens:manage');
  return repository.listApiTokens(context.db, organizationId);
}

export async function revokeApiToken(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  principal: Principal,
  organizationId: string,
  tokenId: string,
  request: AuditRequest,
): Promise<ApiToken> {
  requirePermission(principal, organizationId, 'tokens:manage');
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const revoked = await repository.revokeApiToken(trx, organizationId, tokenId, now);
    if (!revoked) {
      const existing = await repository.findApiToken(trx, organizationId, tokenId);
      if (existing) return existing; // revoking twice is not an error, and not a second change
      throw new DomainError('NOT_FOUND', 'There is no such API token.', { field: 'id' });
    }
    await recordAuditEvent(trx, {
      organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.apiTokenRevoked,
      target: { type: 'ApiToken', id: tokenId },
      metadata: { name: revoked.name },
      request,
      occurredAt: now,
    });
    return revoked;
  });
}

/** The names of API tokens, for readers of the organization's audit trail. */
export async function apiTokenNamesForAuditTrail(
  context: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  requirePermission(principal, organizationId, 'audit:read');
  return repository.apiTokenNamesByIds(context.db, organizationId, ids);
}
