import type { ColumnType, Generated, Selectable } from 'kysely';

/** REMINDER, STAFF_ACCOUNT and STAFF_MEMBERSHIP go to staff; the others to requesters. */
export type MailKind =
  | 'VERIFICATION'
  | 'RECEIVED'
  | 'EXTENDED'
  | 'COMPLETED'
  | 'REJECTED'
  | 'REMINDER'
  | 'STAFF_ACCOUNT'
  | 'STAFF_MEMBERSHIP'
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
  attachments: ColumnType<MailAttachmentJson[] | null, string | null, string | null>;
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
