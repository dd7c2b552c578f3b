// All SQL of the mail outbox. Every function takes the caller's connection or
// transaction, so an enqueue commits (or rolls back) with the caller's change.
import type { Database, MailAttachmentJson, MailKind, MailOutboxRow } from '@governance/db';
import type { Kysely } from 'kysely';

export interface NewOutboxMail {
  organizationId: string | null;
  kind: MailKind;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  fromName: string | null;
  attachments: MailAttachmentJson[];
  /** The one-click unsubscribe address (RFC 8058), or null. */
  listUnsubscribeUrl: string | null;
  messageId: string;
  createdAt: Date;
}

export async function insertOutboxMail(db: Kysely<Database>, mail: NewOutboxMail): Promise<{ id: string; messageId: string }> {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      organization_id: mail.organizationId,
      kind: mail.kind,
      recipient: mail.recipient,
      subject: mail.subject,
      body_text: mail.text,
      body_html: mail.html,
      from_name: mail.fromName,
      attachments: JSON.stringify(mail.attachments),
      list_unsubscribe_url: mail.listUnsubscribeUrl,
      message_id: mail.messageId,
      created_at: mail.createdAt,
      next_attempt_at: mail.createdAt,
      last_error: null,
      delivered_at: null,
      failed_at: null,
    })
    .returning(['id', 'message_id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, messageId: row.message_id };
}

/**
 * Claims up to `limit` due messages for one sender: counts the attempt and
 * moves each out of reach until `leaseUntil`, in one committed statement.
 * SKIP LOCKED lets concurrent workers (other replicas) take disjoint rows;
 * a worker that dies mid-send leaves its rows to be retried once the lease ends.
 */
export async function claimDueMail(db: Kysely<Database>, now: Date, leaseUntil: Date, limit: number): Promise<MailOutboxRow[]> {
  return db
    .with('due', (qb) =>
      qb
        .selectFrom('mail_outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .updateTable('mail_outbox')
    .from('due')
    .set((eb) => ({ attempts: eb('mail_outbox.attempts', '+', 1), next_attempt_at: leaseUntil }))
    .whereRef('mail_outbox.id', '=', 'due.id')
    .returningAll('mail_outbox')
    .execute();
}

/** Out: the body and the unsubscribe address (which may hold a secret link) are no longer kept. */
export async function markDelivered(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ delivered_at: at, body_text: null, body_html: null, attachments: null, list_unsubscribe_url: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: retried at `retryAt`, or given up for good when that is null. */
export async function recordFailedAttempt(db: Kysely<Database>, id: string, error: string, retryAt: Date | null, at: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set(
      retryAt
        ? { last_error: error, next_attempt_at: retryAt }
        : { last_error: error, failed_at: at, body_text: null, body_html: null, attachments: null, list_unsubscribe_url: null },
    )
    .where('id', '=', id)
    // Another worker may have delivered it after this one's lease ran out.
    .where('delivered_at', 'is', null)
    .execute();
}
