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
  status: ColumnType<DeletionRequestStatus, DeletionRequestStatus | undefined, DeletionRequestStatus>;
  status_before_hold: DeletionRequestStatus | null;
  duplicate_of: string | null;
  verification_token_hash: string;
  status_token_hash: string;
  received_at: Date;
  verified_at: Date | null;
  version: ColumnType<number, number | undefined, number>;
}

export type DeletionRequestRow = Selectable<DeletionRequestTable>;
