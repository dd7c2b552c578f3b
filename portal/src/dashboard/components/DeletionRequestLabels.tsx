// How deletion requests read on screen: statuses and regimes in words, and
// the days left as text and colour (the text carries the meaning; colour
// only repeats it).

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
