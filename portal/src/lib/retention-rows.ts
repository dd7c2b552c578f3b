// The rows of /<org>/retention/, the organization's public retention
// schedule, in words: the page renders them on request from
// `retentionSchedule` (RETENTION_SCHEDULE, a typed document).
import type { RetentionScheduleData } from '../scripts/privacy-request/operations.ts';

/** The schedule as `retentionSchedule` answers it: the type comes from the document. */
export type RetentionSchedule = NonNullable<RetentionScheduleData['retentionSchedule']>;

export interface ScheduleRow {
  category: string;
  description: string;
  period: string;
  periodDetail: string;
  justification: string | null;
  trigger: string;
  action: string;
  legalBasis: string;
  enforcement: string;
  version: string;
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const ACTIONS = { DELETE: 'Deleted', ANONYMIZE: 'Anonymized' } as const;

/** `2026-11-22T10:00:00.000Z` → `22 November 2026` (UTC). */
export function formatDay(instant: string): string {
  return DAY.format(new Date(instant));
}

export function scheduleRows(schedule: RetentionSchedule): ScheduleRow[] {
  return schedule.entries.map((entry) => ({
    category: entry.category,
    description: entry.description,
    period: entry.period === 'INDEFINITE' ? 'Kept indefinitely' : entry.periodDescription,
    periodDetail: entry.period,
    justification: entry.justification,
    trigger: entry.trigger,
    action: ACTIONS[entry.action],
    legalBasis: entry.legalBasis,
    enforcement: entry.enforcement.enforced
      ? `Yes: ${entry.enforcement.note}`
      : `No: ${entry.enforcement.note}; the organization applies it in its own systems.`,
    version: `Version ${entry.version}, since ${formatDay(entry.since)}`,
  }));
}
