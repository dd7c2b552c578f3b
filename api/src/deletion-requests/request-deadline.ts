// The deadline facts of a stored request: the bridge from the request model
// to the pure clock in deadline.ts.
import { type DeadlineFacts, dueAt } from './deadline.ts';
import type { DeletionRequest } from './models.ts';

type DeadlineFields = Pick<DeletionRequest, 'jurisdiction' | 'receivedAt' | 'holds' | 'extension' | 'kinds'>;

export function deadlineFactsOf(request: DeadlineFields, otherDays: number): DeadlineFacts {
  return {
    jurisdiction: request.jurisdiction,
    receivedAt: request.receivedAt,
    otherDays,
    holds: request.holds,
    extension: request.extension,
    kinds: request.kinds,
  };
}

/** The due date to store: an open identity hold counts up to `now` (and the live value keeps moving while it lasts). */
export function storedDueAt(request: DeadlineFields, otherDays: number, now: Date): Date {
  return dueAt(deadlineFactsOf(request, otherDays), now);
}
