// One deletion request: its facts, the actions staff may take on it
// (components/DeletionRequestActions.tsx), the receipt once completed, and
// its timeline.
import { requestQueueUrl } from '@governance/policies/vocabulary/urls';
import { useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useMemo } from 'preact/hooks';
import { DeletionRequestActions } from '../components/DeletionRequestActions.tsx';
import { DaysLeft, JURISDICTION_LABELS, STATUS_LABELS } from '../components/DeletionRequestLabels.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { ErrorMessage, Loading } from '../components/States.tsx';
import { type ResultOf, readFragment } from '../graphql.ts';
import { DeletionRequestQuery, RequestFields } from '../operations/deletion-requests.ts';

type Request = ResultOf<typeof RequestFields>;

export default function DeletionRequestDetailIsland() {
  return <Shell page="requests">{(context) => <Detail context={context} />}</Shell>;
}

function Detail({ context }: { context: DashboardContext }) {
  const id = useMemo(() => new URLSearchParams(location.search).get('id') ?? '', []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DeletionRequestQuery, variables: { id }, pause: id === '' });
  const reload = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const back = requestQueueUrl(context.organization);
  if (id === '')
    return (
      <p class="dash-state" role="alert">
        No request named: open one from <a href={back}>the queue</a>.
      </p>
    );
  if (error) return <ErrorMessage error={error} retry={reload} />;
  if (!data) return fetching ? <Loading label="Loading the request…" /> : null;
  if (!data.deletionRequest) {
    return (
      <p class="dash-state" role="alert">
        There is no such request, or your role does not let you read it. Back to <a href={back}>the queue</a>.
      </p>
    );
  }
  const request = readFragment(RequestFields, data.deletionRequest);
  return (
    <div class="dash-page">
      <p>
        <a href={back}>← Deletion requests</a>
      </p>
      <div class="dash-heading-row">
        <h2>
          {request.reference} · {STATUS_LABELS[request.status]}
        </h2>
        <DaysLeft status={request.status} daysLeft={request.daysLeft} overdue={request.overdue} />
      </div>
      {context.can('deletion-requests:write') && <DeletionRequestActions context={context} request={request} onChanged={reload} />}
      <Facts request={request} />
      {request.receipt && <Receipt reference={request.reference} receipt={request.receipt} />}
      <Timeline request={request} />
    </div>
  );
}

const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

function Facts({ request }: { request: Request }) {
  const facts: [string, ComponentChildren][] = [
    ['Jurisdiction', JURISDICTION_LABELS[request.jurisdiction]],
    ['Received', when(request.receivedAt)],
    ['Verified', when(request.verifiedAt)],
    ['Due', `${request.dueAt.slice(0, 10)}${request.extension ? ' (extended)' : ''}`],
  ];
  if (request.acknowledgementDueAt) facts.push(['Acknowledge by', request.acknowledgementDueAt.slice(0, 10)]);
  if (request.extension) {
    facts.push(['Extension', `${request.extension.amount} ${request.extension.unit.toLowerCase()}: ${request.extension.reason}`]);
  }
  if (request.hold)
    facts.push([
      'On hold',
      `${request.hold.reason === 'IDENTITY_PROOF' ? 'waiting for proof of identity' : 'waiting for the requester'} since ${when(request.hold.since)}`,
    ]);
  facts.push(['Assignee', request.assignee?.name ?? 'nobody']);
  if (request.personalDataErasedAt) {
    facts.push(['Requester', `personal data erased ${when(request.personalDataErasedAt)}`]);
  } else {
    facts.push(['Email', request.email ?? '—'], ['Name', request.name ?? '—']);
    if (request.accountIdentifier) facts.push(['Account', request.accountIdentifier]);
    if (request.details) facts.push(['Details', request.details]);
  }
  if (request.duplicateOf) facts.push(['Earlier open request', request.duplicateOf.reference]);
  if (request.closedAt)
    facts.push([
      'Closed',
      `${when(request.closedAt)}${request.completedLate ? ' (late)' : request.completedLate === false ? ' (on time)' : ''}`,
    ]);
  if (request.rejectionCategory) facts.push(['Rejected as', request.rejectionCategory.toLowerCase()]);
  if (request.outcomeReason) facts.push(['Reason given', request.outcomeReason]);
  if (request.completion) facts.push(['Deleted', `${request.completion.summary} (from ${request.completion.systems.join(', ')})`]);
  return (
    <dl class="dash-facts">
      {facts.map(([term, value]) => (
        <>
          <dt key={`${term}-term`}>{term}</dt>
          <dd key={`${term}-value`}>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function Receipt({ reference, receipt }: { reference: string; receipt: string }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([receipt], { type: 'application/json' })), [receipt]);
  return (
    <section aria-labelledby="receipt-heading">
      <h3 id="receipt-heading">Signed receipt</h3>
      <p>
        <a href={href} download={`${reference}-receipt.json`}>
          Download {reference}-receipt.json
        </a>{' '}
        <span class="dash-hint">Check it offline with pnpm cli receipt:verify.</span>
      </p>
    </section>
  );
}

function Timeline({ request }: { request: Request }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Timeline</h3>
      <ol class="dash-timeline">
        {request.timeline.map((event) => (
          <li key={event.id}>
            <strong>{event.kind.toLowerCase().replaceAll('_', ' ')}</strong> · {when(event.occurredAt)} · {event.actor}
            {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus && (
              <span>
                {' '}
                · {STATUS_LABELS[event.fromStatus]} → {STATUS_LABELS[event.toStatus]}
              </span>
            )}
            {!event.public && <span class="dash-hint"> (internal)</span>}
            {(event.note ?? event.reason) && <p>{event.note ?? event.reason}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
