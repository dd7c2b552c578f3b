// The transparency figures, in words and numbers: the rows of
// /<org>/transparency/, which the server renders on request.
import type { DeletionRequestMetricsData } from './operations.ts';
import type { RejectionCategory } from './status-view.ts';

/** A year's figures as `deletionRequestMetrics` answers them: the type comes from the document. */
export type DeletionRequestMetrics = NonNullable<DeletionRequestMetricsData['thisYear']>;

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
