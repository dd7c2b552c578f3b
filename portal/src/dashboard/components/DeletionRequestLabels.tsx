// How privacy requests read on screen: statuses, regimes and kinds in words,
// and the days left as text and colour (the text carries the meaning; colour
// only repeats it).
import { KIND_NAMES, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';

export const STATUS_LABELS = {
  UNVERIFIED: 'Unverified',
  VERIFIED: 'Verified',
  IN_PROGRESS: 'In progress',
  ON_HOLD: 'On hold',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
} as const;

export const JURISDICTION_LABELS = {
  GDPR: 'EU/UK GDPR',
  CCPA: 'California CCPA',
  OTHER: 'Other',
} as const;

/** What a request asks for, one chip per kind, in the vocabulary's words. */
export function KindChips({ kinds }: { kinds: readonly PrivacyRequestKind[] }) {
  return (
    <ul class="dash-kind-chips" aria-label="Asks for">
      {kinds.map((kind) => (
        <li key={kind} class={`dash-kind-chip dash-kind-${kind.toLowerCase()}`}>
          {KIND_NAMES[kind]}
        </li>
      ))}
    </ul>
  );
}

const CLOSED = new Set(['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED']);

const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;

export function daysLeftText(status: string, daysLeft: number, overdue: boolean): string {
  if (CLOSED.has(status)) return 'Closed';
  if (status === 'ON_HOLD' && !overdue && daysLeft < 0) return 'Clock stopped';
  if (overdue) return `Overdue by ${days(Math.max(1, -daysLeft))}`;
  if (daysLeft === 0) return 'Due today';
  return `${days(daysLeft)} left`;
}

export function DaysLeft({ status, daysLeft, overdue }: { status: string; daysLeft: number; overdue: boolean }) {
  const tone = CLOSED.has(status) ? 'closed' : overdue ? 'overdue' : daysLeft <= 7 ? 'soon' : 'ok';
  return <span class={`dash-days dash-days-${tone}`}>{daysLeftText(status, daysLeft, overdue)}</span>;
}

type HoldReason = 'IDENTITY_PROOF' | 'OTHER';

/**
 * What a hold waits for, and what it does to the deadline in the request's
 * regime: only GDPR stops the clock while waiting for proof of identity
 * (api/src/deletion-requests/deadline.ts); CCPA's 45 days and other
 * requests' days run on whatever the hold.
 */
export function holdChoiceLabel(reason: HoldReason, jurisdiction: keyof typeof JURISDICTION_LABELS): string {
  if (reason === 'IDENTITY_PROOF') {
    return jurisdiction === 'GDPR'
      ? 'Proof of identity (the deadline waits until it arrives)'
      : 'Proof of identity (the deadline keeps running)';
  }
  return 'Other information from the requester (the deadline keeps running)';
}

export const HOLD_WAITS_FOR: Record<HoldReason, string> = {
  IDENTITY_PROOF: 'proof of identity',
  OTHER: 'information from the requester',
};

/** 13 August 2026: dates as people write them (deadlines are UTC dates). */
export function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}
