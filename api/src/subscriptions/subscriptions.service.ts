// Subscribing to an organization's changes, with double opt-in: a request
// stores a pending subscription and mails a confirmation link; only a
// confirmed subscription receives notices. Anonymous and public, so:
// - the answer is the same whether or not the address is already subscribed
//   (nobody learns who follows an organization);
// - requests are limited per client address and per email (subscribe-limiter.ts);
// - a second request replaces the person's pending one, and unconfirmed
//   ones expire and are deleted by retention (retention-rules.ts);
// - tokens are random and stored only as SHA-256.
// Unsubscribing erases the address at once.
import { isEmailAddress, normaliseEmail } from '@governance/policies/vocabulary/email';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { emailHash, withoutRequesterIdentity } from '../deletion-requests/intake.service.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { hasNul } from '../shared/input-checks.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { CHANGE_TOPICS, type ChangeTopic } from './models.ts';
import { confirmationMail } from './subscription-mail.ts';
import * as repository from './subscriptions.repository.ts';

export const CONFIRMATION_TOKEN_PREFIX = 'csc_';
export const UNSUBSCRIBE_TOKEN_PREFIX = 'csu_';

/** How long a confirmation link works; the retention sweep deletes what was never confirmed. */
export const CONFIRMATION_VALID_MS = 7 * 24 * 3_600_000;

/** RFC 5321's longest forward path; the outbox refuses longer. */
const MAX_EMAIL_LENGTH = 254;
/** A token is its prefix and 43 base64url characters; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 100;

export interface SubscribeInput {
  organization: string;
  email: string;
  topics: readonly ChangeTopic[];
}

const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });

function checkedInput(input: SubscribeInput): { email: string; topics: ChangeTopic[] } {
  if (hasNul(input.organization) || input.organization.length > 100) throw badInput('organization', 'There is no such organization.');
  const email = normaliseEmail(input.email);
  if (email === '') throw badInput('email', 'Enter your email address.');
  if (hasNul(email) || email.length > MAX_EMAIL_LENGTH)
    throw badInput('email', `Email address must be ${MAX_EMAIL_LENGTH} characters or fewer.`);
  if (!isEmailAddress(email)) throw badInput('email', 'Enter an email address in the correct format, like name@example.com.');
  const topics = CHANGE_TOPICS.filter((topic) => input.topics.includes(topic));
  if (topics.length === 0) throw badInput('topics', 'Select what you want to be told about.');
  return { email, topics };
}

/**
 * Asks to be told of an organization's changes. Always answers the same
 * (nothing to tell whether the address already follows it): a confirmation
 * mail goes to the address, and nothing else happens until it is confirmed.
 */
export async function subscribeToChanges(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl' | 'subscribeLimiter'>,
  input: SubscribeInput,
  request: AuditRequest,
): Promise<void> {
  const { email, topics } = checkedInput(input);
  const organization = await organizationBySlug(context, input.organization);
  if (!organization) throw badInput('organization', 'There is no such organization.');
  const hashOfEmail = emailHash(organization.emailHashSalt, email);
  await context.subscribeLimiter.consume(hashOfEmail, request.ip);

  const now = context.clock.now();
  const expiresAt = new Date(now.getTime() + CONFIRMATION_VALID_MS);
  const secrets = { confirmationToken: newSecret(CONFIRMATION_TOKEN_PREFIX), unsubscribeToken: newSecret(UNSUBSCRIBE_TOKEN_PREFIX) };
  await context.db.transaction().execute(async (trx) => {
    await repository.lockPerson(trx, organization.id, hashOfEmail);
    const id = await repository.replacePending(trx, {
      organizationId: organization.id,
      email,
      emailHash: hashOfEmail,
      topics,
      confirmationTokenHash: secretHash(secrets.confirmationToken),
      confirmationExpiresAt: expiresAt,
      createdAt: now,
    });
    await repository.insertUnsubscribeToken(trx, id, secretHash(secrets.unsubscribeToken), now);
    await enqueueMail(trx, confirmationMail(context.publicUrl, organization, email, topics, secrets, expiresAt), context.clock);
  });
}

function checkedToken(token: string, prefix: string): string {
  if (hasNul(token) || token.length > MAX_TOKEN_LENGTH || !token.startsWith(prefix)) {
    throw badInput('token', 'This link is not complete. Copy the whole link from the email into your browser.');
  }
  return secretHash(token);
}

export interface ConfirmedSubscription {
  organizationSlug: string;
  topics: ChangeTopic[];
}

/**
 * Confirms the address of a pending subscription. A person who already
 * follows the organization keeps one subscription, now with the topics just
 * confirmed. An unknown, used or expired link is refused with
 * SUBSCRIPTION_LINK_INVALID.
 */
export async function confirmSubscription(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  token: string,
  request: AuditRequest,
): Promise<{ topics: ChangeTopic[] }> {
  const tokenHash = checkedToken(token, CONFIRMATION_TOKEN_PREFIX);
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const found = await repository.findByConfirmationTokenHash(trx, tokenHash);
    if (!found) throw invalidLink();
    await repository.lockPerson(trx, found.organizationId, found.emailHash);
    // Read again under the person's lock: a concurrent request may have replaced it.
    const pending = await repository.findByConfirmationTokenHash(trx, tokenHash);
    if (pending?.status !== 'PENDING') throw invalidLink();
    const expiry = pending.createdAt.getTime() + CONFIRMATION_VALID_MS;
    if (now.getTime() >= expiry) throw invalidLink();
    const existing = await repository.findConfirmed(trx, pending.organizationId, pending.emailHash);
    let subscriptionId = pending.id;
    if (existing) {
      // The earlier subscription stays (its notices and unsubscribe links point to it), with the new choice of topics.
      await repository.setTopics(trx, existing.id, pending.topics);
      await repository.deleteSubscription(trx, pending.id);
      subscriptionId = existing.id;
    } else {
      await repository.confirmPending(trx, pending.id, now);
    }
    await recordAuditEvent(trx, {
      organizationId: pending.organizationId,
      actor: { type: 'ANONYMOUS', id: null, label: null },
      action: AUDIT_ACTION.changeSubscriptionConfirmed,
      target: { type: 'ChangeSubscription', id: subscriptionId },
      metadata: { topics: pending.topics },
      request: withoutRequesterIdentity(request),
      occurredAt: now,
    });
    return { topics: pending.topics };
  });
}

const invalidLink = () =>
  new DomainError(
    'SUBSCRIPTION_LINK_INVALID',
    'This confirmation link does not work any more. It may have expired, or been used already. Subscribe again to get a new one.',
    { field: 'token' },
  );

/**
 * Ends the subscriptions of the person an unsubscribe link was sent to (with
 * that organization: "stop mailing me", whichever mail the link came from)
 * and erases the address at once. Safe to repeat: a subscription already
 * ended, or already deleted by retention, answers the same, so a mail
 * program's one-click POST (RFC 8058) always succeeds.
 */
export async function unsubscribeFromChanges(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  token: string,
  request: AuditRequest,
): Promise<void> {
  const tokenHash = checkedToken(token, UNSUBSCRIBE_TOKEN_PREFIX);
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    const subscription = await repository.findByUnsubscribeTokenHash(trx, tokenHash);
    if (!subscription || subscription.status === 'UNSUBSCRIBED') return;
    await repository.lockPerson(trx, subscription.organizationId, subscription.emailHash);
    const ended = await repository.unsubscribePerson(trx, subscription.organizationId, subscription.emailHash, now);
    if (ended === 0) return;
    await recordAuditEvent(trx, {
      organizationId: subscription.organizationId,
      actor: { type: 'ANONYMOUS', id: null, label: null },
      action: AUDIT_ACTION.changeSubscriptionEnded,
      target: { type: 'ChangeSubscription', id: subscription.id },
      metadata: { subscriptions: ended },
      request: withoutRequesterIdentity(request),
      occurredAt: now,
    });
  });
}
