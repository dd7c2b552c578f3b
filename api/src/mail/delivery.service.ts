// Delivering the outbox: claim a small batch of due messages, send each, and
// record the outcome. At least once: a worker that dies between sending and
// recording leaves the row to be sent again after its lease, with the same
// Message-ID, so receivers can drop the duplicate.
import type { Database, MailOutboxRow } from '@governance/db';
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { retryDelayMs } from './backoff.ts';
import { claimDueMail, markDelivered, recordFailedAttempt } from './outbox.repository.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

export interface DeliveryPolicy {
  /** Messages claimed at once by one worker. */
  batchSize: number;
  /** After this many failed attempts a message is given up (`failed_at`). */
  maxAttempts: number;
  /** How long a claimed message is out of other workers' reach; far longer than an SMTP send may take. */
  leaseMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { batchSize: 10, maxAttempts: 10, leaseMs: 5 * 60_000 };

export interface DeliveryResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export interface DeliveryContext {
  db: Kysely<Database>;
  transport: MailTransport;
  clock: Clock;
  logger: Logger;
  policy?: Partial<DeliveryPolicy>;
}

/**
 * Sends every message due now, batch by batch, until none is left. The outbox
 * holds every organization's mail: a site-wide action, for the system (the
 * delivery job) and site administrators.
 */
export async function deliverDueMail(context: DeliveryContext, principal: Principal): Promise<DeliveryResult> {
  requirePermission(principal, null, 'deletion-requests:write');
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...context.policy };
  const result: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const now = context.clock.now();
    const batch = await claimDueMail(context.db, now, new Date(now.getTime() + policy.leaseMs), policy.batchSize);
    if (batch.length === 0) return result;
    for (const row of batch) result[await deliverClaimed(context, row, policy.maxAttempts)]++;
  }
}

/** Sends one claimed row (`attempts` already counts this attempt) and records how it went. */
export async function deliverClaimed(
  context: Omit<DeliveryContext, 'policy'>,
  row: MailOutboxRow,
  maxAttempts: number,
): Promise<keyof DeliveryResult> {
  try {
    await context.transport.send(outgoing(row));
  } catch (error) {
    // The message only: a stack or the SMTP dialogue has no place in the table.
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const at = context.clock.now();
    const giveUp = row.attempts >= maxAttempts;
    await recordFailedAttempt(context.db, row.id, reason, giveUp ? null : new Date(at.getTime() + retryDelayMs(row.attempts)), at);
    // SMTP servers name the refused recipient in their reply: the log carries the outbox id instead.
    const log = { mailId: row.id, kind: row.kind, attempts: row.attempts, reason: withoutAddresses(reason) };
    if (giveUp) context.logger.error(log, 'gave up delivering a mail');
    else context.logger.warn(log, 'could not deliver a mail; will retry');
    return giveUp ? 'failed' : 'retrying';
  }
  await markDelivered(context.db, row.id, context.clock.now());
  return 'delivered';
}

/** Anything shaped like an email address, replaced: a log line must not carry one. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]');
}

function outgoing(row: MailOutboxRow): OutgoingMail {
  return {
    to: row.recipient,
    subject: row.subject,
    text: row.body_text ?? '',
    html: row.body_html,
    fromName: row.from_name,
    messageId: row.message_id,
    date: row.created_at,
    attachments: row.attachments ?? [],
    listUnsubscribeUrl: row.list_unsubscribe_url,
  };
}
