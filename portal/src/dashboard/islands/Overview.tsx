// The first page after signing in: the work waiting for the signed-in person
// (assigned to them, overdue, due within 7 days, unconfirmed), each count a
// link to the queue showing exactly those requests. The counts are asked
// with the same filters the queue then uses (queue-view.ts), so they agree.
import { ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { useQuery } from '@urql/preact';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { ErrorMessage, Loading } from '../components/States.tsx';
import { WorkCountsQuery } from '../operations/deletion-requests.ts';
import { apiFilterOf, DEFAULT_VIEW, DUE_SOON_DAYS, type QueueView, queueViewUrl } from '../queue-view.ts';

export default function OverviewIsland() {
  return <Shell page="overview">{(context) => <Overview context={context} />}</Shell>;
}

function Overview({ context }: { context: DashboardContext }) {
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading">{context.organizationName}</h2>
      <p>
        You are signed in as {context.isSiteAdmin ? 'a site administrator' : `${context.role ? ROLE_LABELS[context.role] : 'a member'}`} of{' '}
        {context.organizationName}.
      </p>
      {context.can('deletion-requests:read') ? (
        <WorkQueue context={context} />
      ) : (
        <p class="dash-empty">Your role has no privacy requests to work on. The pages your role may use are in the menu above.</p>
      )}
    </section>
  );
}

interface WorkCard {
  key: 'mine' | 'overdue' | 'dueSoon' | 'unconfirmed';
  label: string;
  /** What the count means, for someone who has not seen the queue. */
  hint: string;
  view: Partial<QueueView>;
}

const WORK: WorkCard[] = [
  { key: 'mine', label: 'Assigned to me', hint: 'Open requests you are working on.', view: { assignee: 'me' } },
  { key: 'overdue', label: 'Overdue', hint: 'Past their legal deadline: answer these first.', view: { overdue: true } },
  {
    key: 'dueSoon',
    label: `Due within ${DUE_SOON_DAYS} days`,
    hint: 'Not late yet, but soon.',
    view: { dueWithinDays: DUE_SOON_DAYS },
  },
  {
    key: 'unconfirmed',
    label: 'Unconfirmed',
    hint: 'The requester has not confirmed their email address yet.',
    view: { status: 'UNVERIFIED' },
  },
];

const total = (counts: readonly { count: number }[]) => counts.reduce((sum, entry) => sum + entry.count, 0);

function WorkQueue({ context }: { context: DashboardContext }) {
  const filterOf = (card: WorkCard) => apiFilterOf({ ...DEFAULT_VIEW, ...card.view }, context.userId);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WorkCountsQuery,
    variables: {
      organization: context.organization,
      mine: filterOf(WORK[0] as WorkCard),
      overdue: filterOf(WORK[1] as WorkCard),
      dueSoon: filterOf(WORK[2] as WorkCard),
      unconfirmed: filterOf(WORK[3] as WorkCard),
    },
    requestPolicy: 'cache-and-network',
  });
  return (
    <section aria-labelledby="work-heading" class="dash-work">
      <h3 id="work-heading">Privacy requests</h3>
      {error && <ErrorMessage error={error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!data && fetching && <Loading label="Counting your work…" />}
      {data && (
        <ul class="dash-work-cards">
          {WORK.map((card) => {
            const count = total(data[card.key]);
            return (
              <li key={card.key} class={card.key === 'overdue' && count > 0 ? 'dash-work-urgent' : undefined}>
                <a href={queueViewUrl(context.organization, card.view)}>
                  <span class="dash-work-count">{count}</span> <span class="dash-work-label">{card.label}</span>
                </a>
                <p class="dash-hint">{card.hint}</p>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <a href={queueViewUrl(context.organization, {})}>All open requests</a>
      </p>
    </section>
  );
}
