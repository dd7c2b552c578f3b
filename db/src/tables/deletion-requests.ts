import type { ColumnType, Generated, Selectable } from 'kysely';

export type DeletionRequestStatus =
  | 'UNVERIFIED'
  | 'VERIFIED'
  | 'IN_PROGRESS'
  | 'ON_HOLD'
  | 'COMPLETED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'EXPIRED';

export interface DeletionRequestTable {
  id: Generated<string>;
  organization_id: string;
  /** Public, e.g. DR-2026-7K3Q9. */
  reference: string;
  idempotency_key: string;
  input_hash: string;
  /** Personal data: null once erased. */
  email: string | null;
  name: string | null;
  account_identifier: string | null;
  details: string | null;
  /** SHA-256 of the organization's salt and the normalised email: kept after erasure. */
  email_hash: string;
  jurisdiction: 'GDPR' | 'CCPA' | 'OTHER';
  /** What the person asked for: at least one kind, each at most once; DELETION for requests made before kinds. */
  kinds: ColumnType<PrivacyRequestKindValue[], PrivacyRequestKindValue[] | undefined, PrivacyRequestKindValue[]>;
  status: ColumnType<DeletionRequestStatus, DeletionRequestStatus | undefined, DeletionRequestStatus>;
  status_before_hold: DeletionRequestStatus | null;
  duplicate_of: string | null;
  verification_token_hash: string;
  status_token_hash: string;
  /** SHA-256 of the request's id and its short confirmation code; null for requests made before codes. */
  verification_code_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** SHA-256 of the request's id and its short status code; null until the address is confirmed. */
  status_code_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Wrong short codes entered for this request; at the limit, neither code works. */
  code_failures: ColumnType<number, number | undefined, number>;
  /** Status handles minted by typed status codes; the next one takes slot `minted mod 3`. */
  status_handles_minted: ColumnType<number, number | undefined, number>;
  received_at: Date;
  verified_at: Date | null;
  version: ColumnType<number, number | undefined, number>;
  /** The last instant the request is on time, recomputed by every change. */
  due_at: Date;
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  holds: ColumnType<DeletionRequestHoldJson[], string | undefined, string>;
  extension: ColumnType<DeletionRequestExtensionJson | null, string | null | undefined, string | null>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  rejection_category: ColumnType<RejectionCategory | null, RejectionCategory | null | undefined, RejectionCategory | null>;
  /** Why it was rejected or cancelled, or why it was verified by hand; shown to the requester. */
  outcome_reason: ColumnType<string | null, string | null | undefined, string | null>;
  completion: ColumnType<DeletionRequestCompletionJson | null, string | null | undefined, string | null>;
  /** The signed completion receipt, as issued. */
  receipt: ColumnType<SignedReceiptJson | null, string | null | undefined, string | null>;
  personal_data_erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The kinds a privacy request may carry (policies/src/vocabulary/privacy-request-kinds.ts names them for people). */
export type PrivacyRequestKindValue = 'DELETION' | 'ACCESS' | 'PORTABILITY' | 'CORRECTION';

export type RejectionCategory = 'UNVERIFIABLE' | 'EXEMPT' | 'EXCESSIVE' | 'DUPLICATE' | 'OTHER';

export interface DeletionRequestHoldJson {
  from: string;
  until: string | null;
  reason: 'IDENTITY_PROOF' | 'OTHER';
}

export interface DeletionRequestExtensionJson {
  at: string;
  /** Months for GDPR, days for CCPA. */
  amount: number;
  reason: string;
}

export interface DeletionRequestCompletionJson {
  summary: string;
  systems: string[];
}

export interface SignedReceiptJson {
  receipt: Record<string, unknown>;
  signature: { algorithm: 'Ed25519'; publicKeyId: string; value: string };
}

/** A status token minted when the status code is entered: the device keeps it, the mailed link stays valid. */
export interface DeletionRequestStatusHandleTable {
  token_hash: string;
  request_id: string;
  /** One of three per request: a new handle replaces the one in its slot. */
  slot: number;
  created_at: Date;
}

export interface DeletionRequestEventTable {
  id: Generated<string>;
  request_id: string;
  organization_id: string;
  occurred_at: Date;
  kind: DeletionRequestEventKind;
  actor_user_id: string | null;
  actor_label: string;
  from_status: DeletionRequestStatus | null;
  to_status: DeletionRequestStatus | null;
  public: boolean;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export type DeletionRequestEventKind =
  | 'SUBMITTED'
  | 'VERIFIED'
  | 'ASSIGNED'
  | 'NOTE'
  | 'CORRECTIONS_DECIDED'
  | 'STARTED'
  | 'HELD'
  | 'RESUMED'
  | 'EXTENDED'
  | 'COMPLETED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'PERSONAL_DATA_ERASED'
  | 'PACKAGE_SEALED'
  | 'PACKAGE_RELEASED'
  | 'PACKAGE_DOWNLOADED'
  | 'PACKAGE_LINK_REVOKED'
  | 'PACKAGE_IDENTITY_PROVED';

export type DeletionRequestEventRow = Selectable<DeletionRequestEventTable>;

export type DeletionRequestRow = Selectable<DeletionRequestTable>;
