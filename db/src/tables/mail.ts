import type { ColumnType, Generated, Selectable } from 'kysely';

/** REMINDER, STAFF_ACCOUNT and STAFF_MEMBERSHIP go to staff; SUBSCRIPTION_CONFIRMATION and CHANGE_NOTICE to subscribers of changes; the others to requesters. */
export type MailKind =
  | 'VERIFICATION'
  | 'RECEIVED'
  | 'EXTENDED'
  | 'COMPLETED'
  | 'REJECTED'
  | 'REMINDER'
  | 'STAFF_ACCOUNT'
  | 'STAFF_MEMBERSHIP'
  | 'SUBSCRIPTION_CONFIRMATION'
  | 'CHANGE_NOTICE'
  | 'OBJECTION_VERIFICATION'
  | 'PACKAGE_READY';

export interface MailAttachmentJson {
  filename: string;
  content: string;
  contentType: string;
}

/** A message of the transactional outbox, written with the change it tells about. */
export interface MailOutboxTable {
  id: Generated<string>;
  organization_id: string | null;
  kind: MailKind;
  recipient: string;
  subject: string;
  /** Null once delivered or given up (it may carry secrets). */
  body_text: string | null;
  /** The HTML part, rendered from the same source as the text; null once delivered or given up, and for text-only mail. */
  body_html: ColumnType<string | null, string | null | undefined, string | null>;
  /** The From display name (the organization's name); null for the configured MAIL_FROM as it is. */
  from_name: ColumnType<string | null, string | null | undefined, string | null>;
  attachments: ColumnType<MailAttachmentJson[] | null, string | null, string | null>;
  /** The one-click unsubscribe address of List-Unsubscribe (RFC 8058); null once delivered or given up (it holds a secret). */
  list_unsubscribe_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** `<uuid@domain>`, fixed at enqueue so every resend carries the same one. */
  message_id: string;
  created_at: Date;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
  failed_at: Date | null;
}

export type MailOutboxRow = Selectable<MailOutboxTable>;
