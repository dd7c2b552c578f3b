import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type RetentionAction = 'DELETE' | 'ANONYMIZE';

/** One version of an organization's retention setting for one data category: append-only. */
export interface RetentionSettingVersionTable {
  id: Generated<string>;
  organization_id: string;
  /** A slug: `staff-sessions`, `customer-data`. */
  category: string;
  /** 1, 2, 3… per organization and category. */
  version: number;
  description: string;
  /** An ISO-8601 duration (`P30D`, `P24M`, `P1Y6M`) or `INDEFINITE`. */
  period: string;
  /** Required when the period is INDEFINITE: why the data is kept. */
  justification: string | null;
  /** What starts the clock, e.g. "session ended". */
  trigger: string;
  action: RetentionAction;
  legal_basis: string;
  public: boolean;
  /** The staff user who made the change; null for settings loaded from a file. */
  changed_by: string | null;
  changed_at: Date;
  reason: string;
}

export type RetentionRunStatus = 'RUNNING' | 'COMPLETED';

/** What a sweep did for one category: its cutoff is fixed when the rule starts, so a resumed run uses the same one. */
export interface RetentionRunRuleJson {
  rule: string;
  period: string;
  /** ISO instant: items whose trigger lies before it are due. */
  cutoff: string;
  count: number;
  done: boolean;
}

/** One sweep of one organization: counts committed with each batch, so an interrupted run resumes where it stopped. */
export interface RetentionRunTable {
  id: Generated<string>;
  organization_id: string;
  /** The sweep's `now`: cutoffs are computed from it. */
  started_at: Date;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status: ColumnType<RetentionRunStatus, RetentionRunStatus | undefined, RetentionRunStatus>;
  /** Who started it: 'job' or 'cli'. */
  started_by: string;
  /** category → what the rule did. */
  rules: ColumnType<Record<string, RetentionRunRuleJson>, string | undefined, string>;
}

export type RetentionSettingVersionRow = Selectable<RetentionSettingVersionTable>;
export type NewRetentionSettingVersion = Insertable<RetentionSettingVersionTable>;
export type RetentionRunRow = Selectable<RetentionRunTable>;
