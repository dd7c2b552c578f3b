import type { ColumnType, Generated, Selectable } from 'kysely';

export type CorrectionDecision = 'APPLIED' | 'PARTIALLY_APPLIED' | 'REJECTED';

export type RetentionBasis = 'LEGAL_OBLIGATION' | 'LEGAL_CLAIMS' | 'SECURITY_AND_ABUSE' | 'BILLING_AND_TAX' | 'OTHER';

/** One item of a correction request and the decision on it. */
export interface PrivacyRequestCorrectionTable {
  id: Generated<string>;
  request_id: string;
  /** 1-based, in the order the requester gave them. */
  position: number;
  field: string;
  /** Personal data: null once erased. */
  current_value: string | null;
  proposed_value: string | null;
  reason: string | null;
  decision: ColumnType<CorrectionDecision | null, CorrectionDecision | null | undefined, CorrectionDecision | null>;
  decision_reason: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Someone the organization told of a correction (GDPR Art. 19). */
export interface PrivacyRequestCorrectionRecipientTable {
  request_id: string;
  position: number;
  name: string;
  /** Picked from the organization's subprocessor register, or typed. */
  from_register: boolean;
}

/** What an erasure kept, and why. */
export interface PrivacyRequestRetainedItemTable {
  request_id: string;
  position: number;
  basis: RetentionBasis;
  description: string;
  /** A calendar date (YYYY-MM-DD), read back as text. */
  until: ColumnType<string | null, string | null, string | null>;
}

export type PrivacyRequestCorrectionRow = Selectable<PrivacyRequestCorrectionTable>;
export type PrivacyRequestRetainedItemRow = Selectable<PrivacyRequestRetainedItemTable>;
