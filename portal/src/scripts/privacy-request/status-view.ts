// What the status page says about a request, in words: pure, so the page
// script stays small and these rules are tested without a browser. The
// shapes are those of the typed document (operations.ts).
import { formatDate } from '../../lib/dates.ts';
import type { DeletionRequestStatusData } from './operations.ts';

/** A request as `deletionRequestStatus` answers it: the type comes from the document. */
export type DeletionRequestStatusView = NonNullable<DeletionRequestStatusData['deletionRequestStatus']>;
export type RequestStatus = DeletionRequestStatusView['status'];
export type RejectionCategory = NonNullable<DeletionRequestStatusView['rejectionCategory']>;
export type PublicEvent = DeletionRequestStatusView['history'][number];

export const STATUS_WORDS: Record<RequestStatus, string> = {
  UNVERIFIED: 'Waiting for you to confirm your email address',
  VERIFIED: 'Confirmed, waiting to be handled',
  IN_PROGRESS: 'Being handled',
  ON_HOLD: 'On hold: the organization is waiting for information from you, and the deadline is paused',
  COMPLETED: 'Completed: your personal data was deleted',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired: the email address was not confirmed in time',
};

export const JURISDICTION_WORDS: Record<DeletionRequestStatusView['jurisdiction'], string> = {
  GDPR: 'EU/UK GDPR',
  CCPA: 'California CCPA',
  OTHER: "The organization's own terms",
};

export const REJECTION_WORDS: Record<RejectionCategory, string> = {
  UNVERIFIABLE: 'Your identity could not be verified',
  EXEMPT: 'The data is exempt from deletion (for example, the law requires keeping it)',
  EXCESSIVE: 'The request was found manifestly unfounded or excessive',
  DUPLICATE: 'It repeats another request',
  OTHER: 'Another reason',
};

const CLOSED: ReadonlySet<RequestStatus> = new Set(['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED']);

export const isClosed = (status: RequestStatus) => CLOSED.has(status);

/** `2026-11-22T10:00:00Z` → `22 November 2026` (UTC, like every date of the portal). */
export const dayOf = (instant: string) => formatDate(new Date(instant).toISOString().slice(0, 10));

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The deadline in words: the date, and for an open request how long is left. */
export function deadlineWords(view: Pick<DeletionRequestStatusView, 'status' | 'dueAt' | 'daysLeft'>): string {
  const date = dayOf(view.dueAt);
  if (isClosed(view.status)) return date;
  if (view.status === 'ON_HOLD') return `${date} (paused while on hold)`;
  if (view.daysLeft > 0) return `${date} (${plural(view.daysLeft, 'day')} left)`;
  if (view.daysLeft === 0) return `${date} (today)`;
  return `${date} (overdue by ${plural(-view.daysLeft, 'day')})`;
}

/** The time of a step of the history, to the minute, in UTC. */
export function momentWords(instant: string): string {
  const date = new Date(instant);
  return `${dayOf(instant)}, ${date.toISOString().slice(11, 16)} UTC`;
}

export const receiptFileName = (reference: string) => `${reference}-receipt.json`;

/** The package's download addresses on the status page: the page answers them from the device's cookie. */
export const packageDownloadUrl = (here: string, link: string, format: 'json' | 'html') =>
  `${here}?download=data&format=${format}&link=${encodeURIComponent(link)}`;

/** 1234567 → "1.2 MB": the size a person sees before downloading. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
