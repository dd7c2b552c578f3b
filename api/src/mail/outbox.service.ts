// Enqueueing mail: the message becomes a row of the outbox in the caller's
// transaction, and the delivery job (api/src/jobs/mail-delivery.ts) sends it
// after commit. Nothing is sent for a change that rolled back, and nothing a
// committed change queued is lost.
import { randomUUID } from 'node:crypto';
import type { Database, MailKind } from '@governance/db';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { insertOutboxMail } from './outbox.repository.ts';

/** The right-hand side of every Message-ID; it names no real host, only this application. */
export const MESSAGE_ID_DOMAIN = 'governance-portal.local';

export interface OutboxMessage {
  organizationId: string | null;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  /** The same message as HTML (mail-body.ts renders both from one source); text-only when absent. */
  html?: string;
  /** The From display name, such as the organization's name; MAIL_FROM's own when absent. */
  fromName?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
  /**
   * The one-click unsubscribe address of a subscription mail: sent as
   * `List-Unsubscribe: <url>` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
   * (RFC 8058), so mail programs offer an unsubscribe button that POSTs to it.
   */
  listUnsubscribeUrl?: string;
}

// Line breaks in a header are refused rather than trusted to the encoder:
// a subject built from a requester's input must never add headers.
const singleLine = z.string().regex(/^[^\r\n]*$/, 'must be a single line');
const messageSchema = z.object({
  to: z.email().max(320),
  subject: singleLine.min(1).max(500),
  fromName: singleLine.min(1).max(200).optional(),
  attachments: z
    .array(z.object({ filename: singleLine.min(1).max(200), content: z.string(), contentType: singleLine.min(1).max(200) }))
    .max(10)
    .default([]),
  // RFC 8058 asks for an https URI; a local deployment's http://localhost is allowed, so the flow can be tried there.
  listUnsubscribeUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .regex(/^[^\r\n<>]*$/, 'must be a single line without angle brackets')
    .optional(),
});

/**
 * Queues `message` in `db`, the caller's transaction. The Message-ID is fixed
 * now, so every (re)send of this row carries the same one.
 */
export async function enqueueMail(db: Kysely<Database>, message: OutboxMessage, clock: Clock): Promise<{ id: string; messageId: string }> {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'message');
    throw new DomainError('INVALID_MAIL', `Cannot send this mail: ${field} ${issue?.message ?? 'is invalid'}.`, { field });
  }
  return insertOutboxMail(db, {
    organizationId: message.organizationId,
    kind: message.kind,
    recipient: parsed.data.to,
    subject: parsed.data.subject,
    text: message.text,
    html: message.html ?? null,
    fromName: parsed.data.fromName ?? null,
    attachments: parsed.data.attachments,
    listUnsubscribeUrl: parsed.data.listUnsubscribeUrl ?? null,
    messageId: `<${randomUUID()}@${MESSAGE_ID_DOMAIN}>`,
    createdAt: clock.now(),
  });
}
