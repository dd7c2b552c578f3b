// The deletion-request queue: counts per status (each a link to that
// status), filters (status, assignee, jurisdiction, kind, overdue, due
// within 7 days), search by reference or email, soonest due first, and "Load more" by
// keyset pages. The filters live in the address (queue-view.ts): a view can be
// shared, and the back and forward buttons move between views. Without a
// filter it shows the open requests, the work still to do.

import { KIND_NAMES } from '@governance/policies/vocabulary/privacy-request-kinds';
import { requestDetailUrl } from '@governance/policies/vocabulary/urls';
import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { DaysLeft, JURISDICTION_LABELS, KindChips, STATUS_LABELS } from '../components/DeletionRequestLabels.tsx';
import { Options } from '../components/Options.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Empty, ErrorMessage, Loading } from '../components/States.tsx';
import { type ResultOf, readFragment } from '../graphql.ts';
import { AssigneesQuery, DeletionQueueQuery, QueueRowFields } from '../operations/deletion-requests.ts';
import { apiFilterOf, DUE_SOON_DAYS, parseQueueView, type QueueView, queueViewUrl, REQUEST_STATUSES } from '../queue-view.ts';

type Row = ResultOf<typeof QueueRowFields>;

/** Whom the queue shows requests of, before the members by name. */
const ASSIGNEE_CHOICES = { '': 'Anyone', me: 'Me', none: 'Nobody' } as const;

export default function DeletionQueueIsland() {
  return <Shell page="requests">{(context) => <DeletionQueue context={context} />}</Shell>;
}

function DeletionQueue({ context }: { context: DashboardContext }) {
  const [view, setView] = useState<QueueView>(() => parseQueueView(location.search));
  // One entry per loaded page: the cursor it starts after.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  useEffect(() => {
    // Back and forward: the address says which view to show.
    const onPopState = () => {
      setView(parseQueueView(location.search));
      setPages([null]);
    };
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);
  const apply = (next: QueueView) => {
    const url = queueViewUrl(context.organization, next);
    if (url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
    setView(next);
    setPages([null]);
  };
  const filter = apiFilterOf(view, context.userId);
  const viewKey = queueViewUrl(context.organization, view);
  return (
    <div class="dash-page">
      <QueueFilters key={viewKey} context={context} view={view} onApply={apply} />
      {pages.map((after, index) => (
        <QueuePage
          key={`${viewKey}:${after}`}
          context={context}
          filter={filter}
          after={after}
          first={index === 0}
          last={index === pages.length - 1}
          onMore={(cursor) => setPages((loaded) => (loaded.includes(cursor) ? loaded : [...loaded, cursor]))}
        />
      ))}
    </div>
  );
}

type Filter = ReturnType<typeof apiFilterOf>;

function QueueFilters({ context, view, onApply }: { context: DashboardContext; view: QueueView; onApply: (view: QueueView) => void }) {
  const [{ data: members }] = useQuery({
    query: AssigneesQuery,
    variables: { organization: context.organization },
    pause: !context.can('deletion-requests:write'),
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const search = new URLSearchParams();
    for (const name of ['q', 'status', 'assignee', 'jurisdiction', 'kind']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) search.set(name, value);
    }
    if (form.get('overdue')) search.set('overdue', '1');
    if (form.get('dueSoon')) search.set('due', String(DUE_SOON_DAYS));
    // The form reads like an address: one parser decides what a view is.
    onApply(parseQueueView(search.toString()));
  };
  const knownAssignee = view.assignee === null || view.assignee === 'me' || view.assignee === 'none';
  return (
    <form class="dash-filters dash-queue-filters" onSubmit={submit} aria-label="Filter the queue">
      <div class="dash-queue-search">
        <label for="queue-search">Search</label>
        <input id="queue-search" name="q" type="search" defaultValue={view.q} autoComplete="off" aria-describedby="queue-search-hint" />
        <span id="queue-search-hint" class="dash-hint">
          A reference (DR-2026-…) or an email address
        </span>
      </div>
      <label>
        Status
        <select name="status">
          <option value="" selected={view.status === 'OPEN'}>
            Open (still to do)
          </option>
          <option value="any" selected={view.status === 'ANY'}>
            Any status
          </option>
          <Options labels={STATUS_LABELS} chosen={view.status} />
        </select>
      </label>
      <label>
        Assignee
        <select name="assignee">
          <Options labels={ASSIGNEE_CHOICES} chosen={view.assignee ?? ''} />
          {!knownAssignee && !members && (
            <option value={view.assignee ?? ''} selected>
              Someone else
            </option>
          )}
          {members?.organizationMembers
            .filter((member) => member.status === 'ACTIVE' && member.id !== context.userId)
            .map((member) => (
              <option key={member.id} value={member.id} selected={view.assignee === member.id}>
                {member.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Jurisdiction
        <select name="jurisdiction">
          <option value="" selected={!view.jurisdiction}>
            Any
          </option>
          <Options labels={JURISDICTION_LABELS} chosen={view.jurisdiction} />
        </select>
      </label>
      <label>
        Asks for
        <select name="kind">
          <option value="" selected={!view.kind}>
            Anything
          </option>
          <Options labels={KIND_NAMES} chosen={view.kind} />
        </select>
      </label>
      <fieldset class="dash-queue-checks">
        <legend>Deadline</legend>
        <label class="dash-check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={view.overdue} />
          <span>Overdue</span>
        </label>
        <label class="dash-check">
          <input type="checkbox" name="dueSoon" value="1" defaultChecked={view.dueWithinDays === DUE_SOON_DAYS} />
          <span>Due within {DUE_SOON_DAYS} days</span>
        </label>
      </fieldset>
      <div class="dash-queue-buttons">
        <button type="submit">Apply</button>
        <a href={queueViewUrl(context.organization, {})}>Clear filters</a>
      </div>
    </form>
  );
}

interface PageProps {
  context: DashboardContext;
  filter: Filter;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}

function QueuePage({ context, filter, after, first, last, onMore }: PageProps) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DeletionQueueQuery,
    variables: { organization: context.organization, filter, after },
  });
  if (error) return <ErrorMessage error={error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading label="Loading requests…" /> : null;
  const connection = data.deletionRequests;
  const rows = connection.edges.map((edge) => readFragment(QueueRowFields, edge.node));
  return (
    <>
      {first && <StatusCounts organization={context.organization} counts={data.deletionRequestCounts} />}
      {first && rows.length === 0 && <Empty>No request matches these filters.</Empty>}
      {rows.length > 0 && <QueueTable context={context} rows={rows} caption={first ? 'Requests, soonest due first' : 'More requests'} />}
      {last && connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
        <p>
          <button type="button" class="dash-secondary" onClick={() => onMore(connection.pageInfo.endCursor as string)}>
            Load more
          </button>
        </p>
      )}
    </>
  );
}

function StatusCounts({ organization, counts }: { organization: string; counts: readonly { status: string; count: number }[] }) {
  if (counts.length === 0) return null;
  const order = (status: string) => REQUEST_STATUSES.indexOf(status as (typeof REQUEST_STATUSES)[number]);
  return (
    <ul class="dash-status-counts" aria-label="Requests per status">
      {[...counts]
        .sort((a, b) => order(a.status) - order(b.status))
        .map((entry) => (
          <li key={entry.status}>
            <a href={queueViewUrl(organization, { status: entry.status as (typeof REQUEST_STATUSES)[number] })}>
              <strong>{entry.count}</strong> {STATUS_LABELS[entry.status as keyof typeof STATUS_LABELS] ?? entry.status}
            </a>
          </li>
        ))}
    </ul>
  );
}

function QueueTable({ context, rows, caption }: { context: DashboardContext; rows: Row[]; caption: string }) {
  const detail = (id: string) => requestDetailUrl(context.organization, id);
  return (
    <div class="dash-table-wrap">
      <table class="dash-table dash-table-cards dash-queue-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Status</th>
            <th scope="col">Asks for</th>
            <th scope="col">Days left</th>
            <th scope="col">Due (UTC)</th>
            <th scope="col">Jurisdiction</th>
            <th scope="col">Requester</th>
            <th scope="col">Assignee</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td class="dash-queue-reference">
                <a href={detail(row.id)}>{row.reference}</a>
                {row.duplicateOf && <span class="dash-hint"> (again, after {row.duplicateOf.reference})</span>}
              </td>
              <td data-label="Status">{STATUS_LABELS[row.status]}</td>
              <td data-label="Asks for">
                <KindChips kinds={row.kinds} />
              </td>
              <td data-label="Days left">
                <DaysLeft status={row.status} daysLeft={row.daysLeft} overdue={row.overdue} />
              </td>
              <td data-label="Due (UTC)">{row.dueAt.slice(0, 10)}</td>
              <td data-label="Jurisdiction">{JURISDICTION_LABELS[row.jurisdiction]}</td>
              <td data-label="Requester">{row.email ?? <span class="dash-hint">erased</span>}</td>
              <td data-label="Assignee">{row.assignee?.name ?? <span class="dash-hint">nobody</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
