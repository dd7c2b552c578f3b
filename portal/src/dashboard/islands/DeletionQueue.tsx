// The deletion-request queue: counts per status, filters (status, assignee,
// jurisdiction, overdue, due within 7 days), search by reference or email,
// soonest due first, and "Load more" by keyset pages.
import { requestDetailUrl } from '@governance/policies/vocabulary/urls';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { DaysLeft, JURISDICTION_LABELS, STATUS_LABELS } from '../components/DeletionRequestLabels.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Empty, ErrorMessage, Loading } from '../components/States.tsx';
import { type ResultOf, readFragment, type VariablesOf } from '../graphql.ts';
import { AssigneesQuery, DeletionQueueQuery, QueueRowFields } from '../operations/deletion-requests.ts';

type QueueFilter = NonNullable<VariablesOf<typeof DeletionQueueQuery>['filter']>;
type Row = ResultOf<typeof QueueRowFields>;

const DAY_MS = 86_400_000;

export default function DeletionQueueIsland() {
  return <Shell page="requests">{(context) => <DeletionQueue context={context} />}</Shell>;
}

function DeletionQueue({ context }: { context: DashboardContext }) {
  const [filter, setFilter] = useState<QueueFilter>({});
  // One entry per loaded page: the cursor it starts after.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const apply = (next: QueueFilter) => {
    setFilter(next);
    setPages([null]);
  };
  return (
    <div class="dash-page">
      <QueueFilters context={context} onApply={apply} />
      {pages.map((after, index) => (
        <QueuePage
          key={`${JSON.stringify(filter)}:${after}`}
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

function QueueFilters({ context, onApply }: { context: DashboardContext; onApply: (filter: QueueFilter) => void }) {
  const [{ data: members }] = useQuery({
    query: AssigneesQuery,
    variables: { organization: context.organization },
    pause: !context.can('deletion-requests:write'),
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const next: QueueFilter = {};
    if (value('status')) next.status = [value('status') as NonNullable<QueueFilter['status']>[number]];
    if (value('assignee') === 'none') next.unassigned = true;
    else if (value('assignee') === 'me') next.assignee = context.userId;
    else if (value('assignee')) next.assignee = value('assignee');
    if (value('jurisdiction')) next.jurisdiction = value('jurisdiction') as NonNullable<QueueFilter['jurisdiction']>;
    if (form.get('overdue')) next.overdue = true;
    if (form.get('dueSoon')) next.dueBefore = new Date(Date.now() + 7 * DAY_MS).toISOString();
    if (value('q')) next.q = value('q');
    onApply(next);
  };
  return (
    <form class="dash-filters" onSubmit={submit} aria-label="Filter the queue">
      <label>
        Search
        <input name="q" type="search" placeholder="DR-2026-… or email" autoComplete="off" />
      </label>
      <label>
        Status
        <select name="status">
          <option value="">Any</option>
          {Object.entries(STATUS_LABELS).map(([status, label]) => (
            <option key={status} value={status}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Assignee
        <select name="assignee">
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Nobody</option>
          {members?.organizationMembers
            .filter((member) => member.status === 'ACTIVE' && member.id !== context.userId)
            .map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Jurisdiction
        <select name="jurisdiction">
          <option value="">Any</option>
          {Object.entries(JURISDICTION_LABELS).map(([jurisdiction, label]) => (
            <option key={jurisdiction} value={jurisdiction}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label class="dash-check">
        <input type="checkbox" name="overdue" value="1" /> Overdue
      </label>
      <label class="dash-check">
        <input type="checkbox" name="dueSoon" value="1" /> Due within 7 days
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

interface PageProps {
  context: DashboardContext;
  filter: QueueFilter;
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
      {first && <StatusCounts counts={data.deletionRequestCounts} />}
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

function StatusCounts({ counts }: { counts: readonly { status: string; count: number }[] }) {
  if (counts.length === 0) return null;
  return (
    <ul class="dash-cards" aria-label="Requests per status">
      {counts.map((entry) => (
        <li key={entry.status}>
          <strong>{entry.count}</strong> {STATUS_LABELS[entry.status as keyof typeof STATUS_LABELS] ?? entry.status}
        </li>
      ))}
    </ul>
  );
}

function QueueTable({ context, rows, caption }: { context: DashboardContext; rows: Row[]; caption: string }) {
  const detail = (id: string) => requestDetailUrl(context.organization, id);
  return (
    <div class="dash-table-wrap">
      <table class="dash-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Status</th>
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
              <td>
                <a href={detail(row.id)}>{row.reference}</a>
                {row.duplicateOf && <span class="dash-hint"> (again, after {row.duplicateOf.reference})</span>}
              </td>
              <td>{STATUS_LABELS[row.status]}</td>
              <td>
                <DaysLeft status={row.status} daysLeft={row.daysLeft} overdue={row.overdue} />
              </td>
              <td>{row.dueAt.slice(0, 10)}</td>
              <td>{JURISDICTION_LABELS[row.jurisdiction]}</td>
              <td>{row.email ?? <span class="dash-hint">erased</span>}</td>
              <td>{row.assignee?.name ?? <span class="dash-hint">nobody</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
