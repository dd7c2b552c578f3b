// What the status page says about a request, in words: pure, so the page
// script stays small and these rules are tested without a browser. The
// shapes are those of the typed document (operations.ts).
import { counted, dateInWords, momentInWords } from '@governance/policies/vocabulary/words';
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
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired: the email address was not confirmed in time',
};

/** The status in words: a completed request that asked for deletion says the data was deleted. */
export function statusInWords(view: Pick<DeletionRequestStatusView, 'status' | 'kinds'>): string {
  if (view.status === 'COMPLETED' && view.kinds.includes('DELETION')) return 'Completed: your personal data was deleted';
  return STATUS_WORDS[view.status];
}

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

/** `2026-11-22T10:00:00Z` → `22 November 2026` (UTC, like every date of the portal; the page script says it in the reader's zone). */
export const dayOf = (instant: string) => dateInWords(instant);

/** The deadline in words: the date, and for an open request how long is left. */
export function deadlineWords(view: Pick<DeletionRequestStatusView, 'status' | 'dueAt' | 'daysLeft'>): string {
  const date = dayOf(view.dueAt);
  if (isClosed(view.status)) return date;
  if (view.status === 'ON_HOLD') return `${date} (paused while on hold)`;
  if (view.daysLeft > 0) return `${date} (${counted(view.daysLeft, 'day')} left)`;
  if (view.daysLeft === 0) return `${date} (today)`;
  return `${date} (overdue by ${counted(-view.daysLeft, 'day')})`;
}

/** The time of a step of the history, to the minute, in UTC (the page script says it in the reader's zone). */
export const momentWords = (instant: string) => momentInWords(instant);

export const receiptFileName = (reference: string) => `${reference}-receipt.json`;

export type ProgressState = 'done' | 'current' | 'upcoming';

export interface ProgressStep {
  label: string;
  /** When the step was reached (ISO instant); null while it is still ahead. */
  at: string | null;
  state: ProgressState;
}

/** How a request ended, for the last step of the progress line; completion while it is still open. */
const FINAL_STEP: Partial<Record<RequestStatus, string>> = {
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
};

/**
 * The progress line: received → confirmed → in progress → completed (or how
 * it ended), each step with the moment the history says it was reached. A
 * request closed before a step skips it; the step it stands at is current.
 */
export function progressSteps(view: Pick<DeletionRequestStatusView, 'status' | 'receivedAt' | 'history'>): ProgressStep[] {
  const firstAt = (kinds: readonly string[]) => view.history.find((event) => kinds.includes(event.kind))?.occurredAt ?? null;
  const closed = isClosed(view.status);
  const steps: { label: string; at: string | null }[] = [
    { label: 'Received', at: view.receivedAt },
    { label: 'Confirmed', at: firstAt(['VERIFIED']) },
    { label: 'In progress', at: firstAt(['STARTED']) },
    { label: FINAL_STEP[view.status] ?? 'Completed', at: closed ? firstAt([view.status]) : null },
  ];
  // A request closed without passing a step (declined before work started) does not show that step as ahead.
  const shown = closed ? steps.filter((step, index) => step.at !== null || index === steps.length - 1) : steps;
  // Open: the last step reached is where the request stands now. Closed: every step shown is behind it.
  const reached = shown.reduce((last, step, index) => (step.at !== null ? index : last), 0);
  const stateAt = (index: number): ProgressState => {
    if (closed || index < reached) return 'done';
    return index === reached ? 'current' : 'upcoming';
  };
  return shown.map((step, index) => ({ ...step, state: stateAt(index) }));
}

/** What the organization deleted, from the signed receipt's scope; null without a receipt. */
export function deletedScope(receipt: string | null | undefined): { summary: string; systems: string[] } | null {
  if (!receipt) return null;
  try {
    const scope = (JSON.parse(receipt) as { receipt?: { scope?: { summary?: unknown; systems?: unknown } } }).receipt?.scope;
    if (typeof scope?.summary !== 'string') return null;
    const systems = Array.isArray(scope.systems) ? scope.systems.filter((system): system is string => typeof system === 'string') : [];
    return { summary: scope.summary, systems };
  } catch {
    return null;
  }
}

/**
 * Shell commands that check a downloaded receipt against the organization's
 * published keys with standard tools (jq and OpenSSL 3): the signed part as
 * canonical JSON (jq -cS sorts the keys and drops spaces, as RFC 8785 does
 * for the receipt's plain strings and whole numbers), the signature, the key
 * the receipt names, then OpenSSL's Ed25519 check.
 */
export function receiptCheckCommands(organizationSlug: string, receiptFile: string): string[] {
  const keysFile = `${organizationSlug}.json`;
  return [
    `jq -jcS .receipt ${receiptFile} > signed.json`,
    `jq -r .signature.value ${receiptFile} | openssl base64 -d -A > signature.bin`,
    `jq -r --slurpfile r ${receiptFile} '.publicKeys[] | select(.id == $r[0].signature.publicKeyId) | .publicKey' ${keysFile} > key.pem`,
    'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in signed.json -sigfile signature.bin',
  ];
}

/** The package's download addresses on the status page: the page answers them from the device's cookie. */
export const packageDownloadUrl = (here: string, link: string, format: 'json' | 'html') =>
  `${here}?download=data&format=${format}&link=${encodeURIComponent(link)}`;

/** 1234567 → "1.2 MB": the size a person sees before downloading. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
