// The transparency figures, in words and numbers: one set of rows for the
// static page (built from the snapshot) and the script that refreshes it
// live, so both show exactly the same. Field names follow
// `DeletionRequestMetrics` of api/schema.graphql.
import type { RejectionCategory } from './status-view.ts';

export interface DeletionRequestMetrics {
  organization: string;
  year: number;
  received: number;
  completed: number;
  rejected: number;
  cancelled: number;
  expired: number;
  open: number;
  rejectedByCategory: { category: RejectionCategory; count: number }[];
  medianDaysToClose: number | null;
  p90DaysToClose: number | null;
  /** 0..1; null when nothing closed. */
  closedOnTimeShare: number | null;
}

/** What the server writes for the build (readSnapshot(org, 'transparency')). */
export interface TransparencySnapshot {
  metrics: (DeletionRequestMetrics | null)[];
}

export interface MetricRow {
  key: string;
  label: string;
  /** A sub-row (a rejection category), indented under its total. */
  nested?: boolean;
  value(metrics: DeletionRequestMetrics): string;
}

const count = new Intl.NumberFormat('en-GB');
const days = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const share = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const NOTHING_CLOSED = 'none closed yet';

const dayCount = (value: number | null) => (value === null ? NOTHING_CLOSED : `${days.format(value)} ${value === 1 ? 'day' : 'days'}`);

const CATEGORIES: { category: RejectionCategory; label: string }[] = [
  { category: 'UNVERIFIABLE', label: 'identity not verifiable' },
  { category: 'EXEMPT', label: 'data exempt from deletion' },
  { category: 'EXCESSIVE', label: 'unfounded or excessive' },
  { category: 'DUPLICATE', label: 'duplicate of another request' },
  { category: 'OTHER', label: 'other reasons' },
];

export const METRIC_ROWS: MetricRow[] = [
  { key: 'received', label: 'Requests received', value: (m) => count.format(m.received) },
  { key: 'completed', label: 'Completed: data deleted', value: (m) => count.format(m.completed) },
  { key: 'rejected', label: 'Rejected', value: (m) => count.format(m.rejected) },
  ...CATEGORIES.map(
    ({ category, label }): MetricRow => ({
      key: `rejected-${category.toLowerCase()}`,
      label: `of which ${label}`,
      nested: true,
      value: (m) => count.format(m.rejectedByCategory.find((entry) => entry.category === category)?.count ?? 0),
    }),
  ),
  { key: 'cancelled', label: 'Withdrawn by the requester', value: (m) => count.format(m.cancelled) },
  { key: 'expired', label: 'Email address never confirmed', value: (m) => count.format(m.expired) },
  { key: 'open', label: 'Still open', value: (m) => count.format(m.open) },
  { key: 'median', label: 'Median time to close', value: (m) => dayCount(m.medianDaysToClose) },
  { key: 'p90', label: '9 in 10 closed within', value: (m) => dayCount(m.p90DaysToClose) },
  {
    key: 'on-time',
    label: 'Closed within the legal deadline',
    value: (m) => (m.closedOnTimeShare === null ? NOTHING_CLOSED : share.format(m.closedOnTimeShare)),
  },
];

/** The figures of a year from a snapshot, or null (no snapshot, or no entry for that year). */
export function metricsOfYear(snapshot: TransparencySnapshot | null, year: number): DeletionRequestMetrics | null {
  return snapshot?.metrics.find((metrics) => metrics?.year === year) ?? null;
}
