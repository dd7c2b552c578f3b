// The transparency figures, in words and numbers: the rows of
// /<org>/transparency/, which the server renders on request.
import { KIND_NAMES, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import type { DeletionRequestMetricsData, PrivacyRequestKindMetricsData } from './operations.ts';
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

/** A year's figures per kind and CCPA category, as the page's second query answers them. */
export type KindMetrics = NonNullable<PrivacyRequestKindMetricsData['thisYear']>;
type Figures = KindMetrics['byKind'][number]['figures'];

/** One line of the table per kind: what people asked for, and how it ended. */
export interface KindRow {
  key: string;
  label: string;
  /** A CCPA category line, under the kinds. */
  ccpa?: boolean;
  figures(metrics: KindMetrics): Figures | null;
}

const CCPA_LABELS = { KNOW: 'CCPA: requests to know', DELETE: 'CCPA: requests to delete', CORRECT: 'CCPA: requests to correct' } as const;

export const KIND_ROWS: KindRow[] = [
  ...(['DELETION', 'ACCESS', 'PORTABILITY', 'CORRECTION'] as PrivacyRequestKind[]).map(
    (kind): KindRow => ({
      key: `kind-${kind.toLowerCase()}`,
      label: KIND_NAMES[kind],
      figures: (m) => m.byKind.find((row) => row.kind === kind)?.figures ?? null,
    }),
  ),
  ...(['KNOW', 'DELETE', 'CORRECT'] as const).map(
    (category): KindRow => ({
      key: `ccpa-${category.toLowerCase()}`,
      label: CCPA_LABELS[category],
      ccpa: true,
      figures: (m) => m.byCcpaCategory.find((row) => row.category === category)?.figures ?? null,
    }),
  ),
];

/** The columns of the per-kind table. */
export const KIND_COLUMNS: { key: string; label: string; value(figures: Figures): string }[] = [
  { key: 'received', label: 'Received', value: (f) => count.format(f.received) },
  { key: 'completed', label: 'Completed', value: (f) => count.format(f.completed) },
  { key: 'rejected', label: 'Rejected', value: (f) => count.format(f.rejected) },
  { key: 'open', label: 'Still open', value: (f) => count.format(f.open) },
  { key: 'median', label: 'Median time to close', value: (f) => dayCount(f.medianDaysToClose) },
];
