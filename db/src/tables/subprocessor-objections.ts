import type { ColumnType, Generated, Selectable } from 'kysely';

/** How staff closed an objection; the vocabulary lives in @governance/policies/vocabulary/objection-outcomes. */
export type ObjectionOutcome = 'WITHDRAWN_CHANGE' | 'SAFEGUARDS_AGREED' | 'OBJECTION_NOT_UPHELD' | 'CONTRACT_TERMINATED' | 'OTHER';

/** A customer contact's objection to one announced version of a subprocessor list. */
export interface SubprocessorObjectionTable {
  id: Generated<string>;
  organization_id: string;
  list_version_id: string;
  /** Personal data: null once erased by retention. */
  email: string | null;
  /** SHA-256 of the organization's salt and the normalised address: kept after erasure. */
  email_hash: string;
  company: string;
  /** Null once erased by retention. */
  reason: string | null;
  verification_token_hash: string;
  submitted_at: Date;
  /** Null until the address was confirmed: only then does the objection count. */
  verified_at: Date | null;
  outcome: ObjectionOutcome | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type SubprocessorObjectionRow = Selectable<SubprocessorObjectionTable>;
