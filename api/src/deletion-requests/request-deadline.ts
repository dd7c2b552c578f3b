// The deadline facts of a stored request: the bridge from rows to the pure
// clock in deadline.ts.
import type { DeletionRequestRow } from '@governance/db';
import { type DeadlineFacts, dueAt } from './deadline.ts';

type DeadlineColumns = Pick<DeletionRequestRow, 'jurisdiction' | 'received_at' | 'holds' | 'extension'>;

export function deadlineFactsOf(request: DeadlineColumns, otherDays: number): DeadlineFacts {
  return {
    jurisdiction: request.jurisdiction,
    receivedAt: request.received_at,
    otherDays,
    holds: request.holds.map((hold) => ({
      from: new Date(hold.from),
      until: hold.until ? new Date(hold.until) : null,
      reason: hold.reason,
    })),
    extension: request.extension
      ? { at: new Date(request.extension.at), amount: request.extension.amount, reason: request.extension.reason }
      : null,
  };
}

/** The due date to store: an open identity hold counts up to `now` (and the live value keeps moving while it lasts). */
export function storedDueAt(request: DeadlineColumns, otherDays: number, now: Date): Date {
  return dueAt(deadlineFactsOf(request, otherDays), now);
}
