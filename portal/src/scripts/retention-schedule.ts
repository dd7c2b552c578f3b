// The public retention schedule of /<org>/retention/. The static page shows
// the schedule the build's snapshot held (or a loading state without one);
// in the browser this fetches `retentionSchedule` from /graphql and renders
// the same rows again, so a setting changed in the product shows without a
// rebuild. The row texts come from `scheduleRows`, shared by the page and
// this script, so both say the same words.
import { GraphQLRequestError, graphqlFetch } from './graphql-fetch.ts';

/** What `retentionSchedule` returns and the build snapshot holds (dates as ISO strings). */
export interface RetentionSchedule {
  organization: string;
  organizationName: string;
  at: string;
  entries: {
    category: string;
    description: string;
    period: string;
    periodDescription: string;
    justification: string | null;
    trigger: string;
    action: 'DELETE' | 'ANONYMIZE';
    legalBasis: string;
    version: number;
    since: string;
    enforcement: { enforced: boolean; rule: string | null; note: string };
  }[];
}

export const RETENTION_SCHEDULE_QUERY = `query RetentionSchedule($organization: String!) {
  retentionSchedule(organization: $organization) {
    organization organizationName at
    entries {
      category description period periodDescription justification trigger action legalBasis version since
      enforcement { enforced rule note }
    }
  }
}`;

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

function cell(tag: 'th' | 'td', ...lines: (string | null)[]): HTMLElement {
  const element = document.createElement(tag);
  if (tag === 'th') element.scope = 'row';
  lines.forEach((line, index) => {
    if (line === null) return;
    if (index === 0) {
      element.append(line);
    } else {
      const detail = document.createElement('small');
      detail.className = 'retention-detail';
      detail.textContent = line;
      element.append(document.createElement('br'), detail);
    }
  });
  return element;
}

/** Replaces the table body with the schedule's rows; the same cells as the page renders. */
export function renderRows(body: HTMLElement, rows: ScheduleRow[]): void {
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.category = row.category;
      tr.append(
        cell('th', row.description, row.category),
        cell('td', row.period, row.periodDetail, row.justification),
        cell('td', row.trigger),
        cell('td', row.action),
        cell('td', row.legalBasis),
        cell('td', row.enforcement, row.version),
      );
      return tr;
    }),
  );
}

async function refresh(root: HTMLElement): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-retention-status]');
  const body = root.querySelector<HTMLElement>('tbody');
  const asOf = root.querySelector<HTMLElement>('[data-retention-at]');
  const empty = root.querySelector<HTMLElement>('[data-retention-empty]');
  try {
    const data = await graphqlFetch<{ retentionSchedule: RetentionSchedule | null }>(RETENTION_SCHEDULE_QUERY, {
      organization: root.dataset.organization ?? '',
    });
    if (!data.retentionSchedule || !body) throw new GraphQLRequestError('NOT_FOUND', 'This organization publishes no schedule.');
    const rows = scheduleRows(data.retentionSchedule);
    renderRows(body, rows);
    if (asOf) asOf.textContent = formatDay(data.retentionSchedule.at);
    if (empty) empty.hidden = rows.length > 0;
    if (status) status.textContent = '';
  } catch (error) {
    // The snapshot's schedule, when there is one, stays as it is.
    if (status && root.getAttribute('aria-busy') === 'true') {
      status.textContent = `The schedule could not be loaded. ${error instanceof GraphQLRequestError ? error.message : 'Try again in a moment.'}`;
    }
  } finally {
    root.removeAttribute('aria-busy');
  }
}

// Only in the browser: the page's frontmatter imports the helpers above at build time.
if (typeof document !== 'undefined') {
  const root = document.querySelector<HTMLElement>('[data-retention-schedule]');
  if (root) void refresh(root);
}
