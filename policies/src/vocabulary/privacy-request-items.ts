// The words of correction requests and of what an erasure kept: the API
// (which validates and mails), the status page and the dashboard say them
// the same way. Pure: imports nothing.

/** What staff decided on one item of a correction request. */
export const CORRECTION_DECISIONS = ['APPLIED', 'PARTIALLY_APPLIED', 'REJECTED'] as const;
export type CorrectionDecision = (typeof CORRECTION_DECISIONS)[number];

export const CORRECTION_DECISION_LABELS: Record<CorrectionDecision, string> = {
  APPLIED: 'Corrected',
  PARTIALLY_APPLIED: 'Partly corrected',
  REJECTED: 'Not corrected',
};

/** A rejection or a partial correction must say why; a full correction speaks for itself. */
export const decisionNeedsReason = (decision: CorrectionDecision): boolean => decision !== 'APPLIED';

/** Why personal data was kept after an erasure (GDPR Art. 17(3), CCPA §1798.105(d)). */
export const RETENTION_BASES = ['LEGAL_OBLIGATION', 'LEGAL_CLAIMS', 'SECURITY_AND_ABUSE', 'BILLING_AND_TAX', 'OTHER'] as const;
export type RetentionBasis = (typeof RETENTION_BASES)[number];

export const RETENTION_BASIS_LABELS: Record<RetentionBasis, string> = {
  LEGAL_OBLIGATION: 'A legal obligation',
  LEGAL_CLAIMS: 'Legal claims',
  SECURITY_AND_ABUSE: 'Security and abuse prevention',
  BILLING_AND_TAX: 'Billing and tax',
  OTHER: 'Another reason',
};

/** Bounds of what a requester and staff may send; the database checks the same. */
export const CORRECTION_LIMITS = {
  items: 20,
  field: 200,
  value: 2000,
  reason: 2000,
  decisionReason: 5000,
  recipients: 50,
  recipientName: 200,
} as const;

export const RETAINED_LIMITS = { items: 50, description: 2000 } as const;

/** Rows the no-JavaScript form renders; blank rows are ignored. */
export const CORRECTION_FORM_ROWS = 3;
