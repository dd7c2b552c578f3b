// Refreshes the transparency figures live: the static page shows what the
// build's snapshot held (or a loading state without one), and this fills the
// same cells from /graphql with the same words (metrics-view.ts).
import { GraphQLRequestError, graphqlFetch } from './graphql-fetch.ts';
import { METRIC_ROWS } from './privacy-request/metrics-view.ts';
import { DELETION_REQUEST_METRICS, type DeletionRequestMetricsData } from './privacy-request/operations.ts';

const root = document.querySelector<HTMLElement>('[data-transparency]');
if (root) void refresh(root);

async function refresh(root: HTMLElement): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-transparency-status]');
  const [thisYear, lastYear] = (root.dataset.years ?? '').split(',').map(Number);
  const organization = root.dataset.organization ?? '';
  if (!thisYear || !lastYear) return;
  let figures: DeletionRequestMetricsData;
  try {
    figures = await graphqlFetch<DeletionRequestMetricsData>(DELETION_REQUEST_METRICS, { organization, thisYear, lastYear });
  } catch (error) {
    // The snapshot's figures, when there are any, stay as they are.
    if (root.getAttribute('aria-busy') !== 'true') return;
    for (const cell of root.querySelectorAll<HTMLElement>('td[data-metric]')) {
      if (cell.textContent?.trim() === 'Loading…') cell.textContent = 'not available';
    }
    root.removeAttribute('aria-busy');
    if (status) {
      status.textContent = `The figures could not be loaded. ${error instanceof GraphQLRequestError ? error.message : 'Try again in a moment.'}`;
    }
    return;
  }
  for (const [year, metrics] of [
    [thisYear, figures.thisYear],
    [lastYear, figures.lastYear],
  ] as const) {
    for (const row of METRIC_ROWS) {
      const cell = root.querySelector<HTMLElement>(`td[data-metric="${row.key}"][data-year="${year}"]`);
      if (cell) cell.textContent = metrics ? row.value(metrics) : 'not available';
    }
  }
  root.removeAttribute('aria-busy');
  if (status) status.textContent = '';
}
