import type { ColumnType, Generated, Selectable } from 'kysely';

/** What a person can subscribe to: an organization's policy changes, its subprocessor list changes. */
export type ChangeTopic = 'POLICIES' | 'SUBPROCESSORS';

export type ChangeSubscriptionStatus = 'PENDING' | 'CONFIRMED' | 'UNSUBSCRIBED';

/** One person's subscription to an organization's changes (double opt-in). */
export interface ChangeSubscriptionTable {
  id: Generated<string>;
  organization_id: string;
  status: ChangeSubscriptionStatus;
  /** Normalised; null once unsubscribed (erased at once). */
  email: string | null;
  /** SHA-256 of the organization's salt and the address. */
  email_hash: string;
  topics: ColumnType<ChangeTopic[], ChangeTopic[], ChangeTopic[]>;
  /** SHA-256 of the confirmation link's token; only while pending. */
  confirmation_token_hash: string | null;
  confirmation_expires_at: Date | null;
  created_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
}

/** The SHA-256 of one mail's unsubscribe token, and whose subscription it ends. */
export interface ChangeSubscriptionUnsubscribeTable {
  token_hash: string;
  subscription_id: string;
  created_at: Date;
}

/** One notice of one announced change to one subscriber, with the outbox message that carries it. */
export interface ChangeNoticeTable {
  id: Generated<string>;
  organization_id: string;
  subscription_id: string | null;
  topic: ChangeTopic;
  policy_version_id: string | null;
  subprocessor_list_version_id: string | null;
  /** SHA-256 of the organization's salt and the subscriber's address. */
  recipient_hash: string;
  /** Null once the outbox's retention deleted the message. */
  mail_id: string | null;
  /** The message's Message-ID. */
  message_id: string;
  created_at: Date;
  /** Copied from the outbox row when delivery records it. */
  delivered_at: ColumnType<Date | null, never, Date | null>;
  failed_at: ColumnType<Date | null, never, Date | null>;
}

export type ChangeSubscriptionRow = Selectable<ChangeSubscriptionTable>;
export type ChangeNoticeRow = Selectable<ChangeNoticeTable>;
