// All SQL of change subscriptions and their notices. Every function takes the
// caller's connection or transaction.
import type { ChangeSubscriptionRow, ChangeTopic, Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { ChangeSubscription } from './models.ts';

type Executor = Kysely<Database>;

const toSubscription = (row: ChangeSubscriptionRow): ChangeSubscription => ({
  id: row.id,
  organizationId: row.organization_id,
  status: row.status,
  email: row.email,
  emailHash: row.email_hash,
  topics: row.topics,
  createdAt: row.created_at,
  confirmedAt: row.confirmed_at,
  unsubscribedAt: row.unsubscribed_at,
});

/**
 * Serialises every change to one person's subscriptions with an organization
 * (a pending one replaced, a confirmation merged) until the transaction ends.
 */
export async function lockPerson(db: Executor, organizationId: string, emailHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`change_subscription:${organizationId}:${emailHash}`}, 0))`.execute(db);
}

export interface NewPendingSubscription {
  organizationId: string;
  email: string;
  emailHash: string;
  topics: ChangeTopic[];
  confirmationTokenHash: string;
  confirmationExpiresAt: Date;
  createdAt: Date;
}

/** The person's pending subscription, replaced by this one: a second request never leaves two. */
export async function replacePending(db: Executor, subscription: NewPendingSubscription): Promise<string> {
  await db
    .deleteFrom('change_subscription')
    .where('organization_id', '=', subscription.organizationId)
    .where('email_hash', '=', subscription.emailHash)
    .where('status', '=', 'PENDING')
    .execute();
  const row = await db
    .insertInto('change_subscription')
    .values({
      organization_id: subscription.organizationId,
      status: 'PENDING',
      email: subscription.email,
      email_hash: subscription.emailHash,
      topics: subscription.topics,
      confirmation_token_hash: subscription.confirmationTokenHash,
      confirmation_expires_at: subscription.confirmationExpiresAt,
      created_at: subscription.createdAt,
      confirmed_at: null,
      unsubscribed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findByConfirmationTokenHash(db: Executor, tokenHash: string): Promise<ChangeSubscription | null> {
  const row = await db.selectFrom('change_subscription').selectAll().where('confirmation_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toSubscription(row) : null;
}

export async function findConfirmed(db: Executor, organizationId: string, emailHash: string): Promise<ChangeSubscription | null> {
  const row = await db
    .selectFrom('change_subscription')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('email_hash', '=', emailHash)
    .where('status', '=', 'CONFIRMED')
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

export async function confirmPending(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('change_subscription')
    .set({ status: 'CONFIRMED', confirmed_at: at, confirmation_token_hash: null, confirmation_expires_at: null })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .execute();
}

export async function setTopics(db: Executor, id: string, topics: ChangeTopic[]): Promise<void> {
  await db.updateTable('change_subscription').set({ topics }).where('id', '=', id).execute();
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('change_subscription').where('id', '=', id).execute();
}

/** Ends every live subscription of the person with the organization and erases the address at once; how many were live. */
export async function unsubscribePerson(db: Executor, organizationId: string, emailHash: string, at: Date): Promise<number> {
  const rows = await db
    .updateTable('change_subscription')
    .set({ status: 'UNSUBSCRIBED', email: null, unsubscribed_at: at, confirmation_token_hash: null, confirmation_expires_at: null })
    .where('organization_id', '=', organizationId)
    .where('email_hash', '=', emailHash)
    .where('status', '<>', 'UNSUBSCRIBED')
    .returning('id')
    .execute();
  return rows.length;
}

export async function insertUnsubscribeToken(db: Executor, subscriptionId: string, tokenHash: string, at: Date): Promise<void> {
  await db
    .insertInto('change_subscription_unsubscribe')
    .values({ token_hash: tokenHash, subscription_id: subscriptionId, created_at: at })
    .execute();
}

/** The subscription an unsubscribe token was issued for. */
export async function findByUnsubscribeTokenHash(db: Executor, tokenHash: string): Promise<ChangeSubscription | null> {
  const row = await db
    .selectFrom('change_subscription_unsubscribe as token')
    .innerJoin('change_subscription as subscription', 'subscription.id', 'token.subscription_id')
    .selectAll('subscription')
    .where('token.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

/** Every confirmed subscriber of the organization following `topic`, oldest first. */
/**
 * The confirmed subscribers of `topic` not yet told of `change`, oldest first: one statement, so a sync
 * with many subscribers reads them once instead of asking per subscriber whether a notice exists. The
 * unique (subscription, change) of change_notice stays the guarantee against a second notice.
 */
export async function subscribersToNotify(
  db: Executor,
  organizationId: string,
  topic: ChangeTopic,
  change: { policyVersionId: string | null; subprocessorListVersionId: string | null },
): Promise<ChangeSubscription[]> {
  const rows = await db
    .selectFrom('change_subscription')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'CONFIRMED')
    .where('email', 'is not', null)
    .where(sql<boolean>`topics @> array[${topic}]::text[]`)
    .where(({ not, exists, selectFrom }) => {
      const notices = selectFrom('change_notice')
        .select('change_notice.id')
        .whereRef('change_notice.subscription_id', '=', 'change_subscription.id');
      return not(
        exists(
          change.policyVersionId
            ? notices.where('change_notice.policy_version_id', '=', change.policyVersionId)
            : notices.where('change_notice.subprocessor_list_version_id', '=', change.subprocessorListVersionId),
        ),
      );
    })
    .orderBy('confirmed_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export interface NewNotice {
  organizationId: string;
  subscriptionId: string;
  topic: ChangeTopic;
  policyVersionId: string | null;
  subprocessorListVersionId: string | null;
  recipientHash: string;
  mailId: string;
  messageId: string;
  createdAt: Date;
}

/**
 * Records that a subscriber was sent a notice of a change. The unique
 * (subscription, change) constraint refuses a second: the caller's
 * transaction, mail included, then rolls back.
 */
export async function insertNotice(db: Executor, notice: NewNotice): Promise<void> {
  await db
    .insertInto('change_notice')
    .values({
      organization_id: notice.organizationId,
      subscription_id: notice.subscriptionId,
      topic: notice.topic,
      policy_version_id: notice.policyVersionId,
      subprocessor_list_version_id: notice.subprocessorListVersionId,
      recipient_hash: notice.recipientHash,
      mail_id: notice.mailId,
      message_id: notice.messageId,
      created_at: notice.createdAt,
    })
    .execute();
}

/** One notice sent of a change, as its evidence reads it. */
export interface SentNotice {
  recipientHash: string;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

/** Every notice sent of one change, oldest first: what the evidence of that change counts. */
export async function noticesOfChange(
  db: Executor,
  change: { policyVersionId: string | null; subprocessorListVersionId: string | null },
): Promise<SentNotice[]> {
  let query = db.selectFrom('change_notice').select(['recipient_hash', 'delivered_at', 'failed_at']);
  query = change.policyVersionId
    ? query.where('policy_version_id', '=', change.policyVersionId)
    : query.where('subprocessor_list_version_id', '=', change.subprocessorListVersionId);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ recipientHash: row.recipient_hash, deliveredAt: row.delivered_at, failedAt: row.failed_at }));
}

export interface NoticeCounts {
  /** The change, named by the version it announced (one of the two is set). */
  policyVersionId: string | null;
  subprocessorListVersionId: string | null;
  notified: number;
  delivered: number;
  failed: number;
}

/** Per change named: how many notices it sent, delivered and failed (the rest are pending). Changes that sent none are absent. */
export async function noticeCountsOf(
  db: Executor,
  changes: { policyVersionIds: readonly string[]; subprocessorListVersionIds: readonly string[] },
): Promise<NoticeCounts[]> {
  if (changes.policyVersionIds.length === 0 && changes.subprocessorListVersionIds.length === 0) return [];
  const rows = await db
    .selectFrom('change_notice')
    .select((eb) => [
      'policy_version_id',
      'subprocessor_list_version_id',
      eb.fn.countAll<string>().as('notified'),
      eb.fn.count<string>('delivered_at').as('delivered'),
      eb.fn.count<string>('failed_at').filterWhere('delivered_at', 'is', null).as('failed'),
    ])
    // Each side uses its partial index on the version id.
    .where((eb) =>
      eb.or([
        ...(changes.policyVersionIds.length > 0 ? [eb('policy_version_id', 'in', changes.policyVersionIds)] : []),
        ...(changes.subprocessorListVersionIds.length > 0
          ? [eb('subprocessor_list_version_id', 'in', changes.subprocessorListVersionIds)]
          : []),
      ]),
    )
    .groupBy(['policy_version_id', 'subprocessor_list_version_id'])
    .execute();
  return rows.map((row) => ({
    policyVersionId: row.policy_version_id,
    subprocessorListVersionId: row.subprocessor_list_version_id,
    notified: Number(row.notified),
    delivered: Number(row.delivered),
    failed: Number(row.failed),
  }));
}
