// One privacy request: what it asks for (components/KindChecklist.tsx), its facts, the actions staff may take on it
// (components/DeletionRequestActions.tsx), the receipt once completed, and
// its timeline as sentences (components/DeletionRequestTimeline.tsx).
import { RETENTION_BASIS_LABELS } from '@governance/policies/vocabulary/privacy-request-items';
import { requestQueueUrl } from '@governance/policies/vocabulary/urls';
import { useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ANY_REQUEST_TITLE, completionWords, requestTitle } from '../completion-needs.ts';
import { CorrectionDecisions } from '../components/CorrectionDecisions.tsx';
import { DeletionRequestActions } from '../components/DeletionRequestActions.tsx';
import { DaysLeft, HOLD_WAITS_FOR, JURISDICTION_LABELS, longDate, STATUS_LABELS } from '../components/DeletionRequestLabels.tsx';
import { Timeline } from '../components/DeletionRequestTimeline.tsx';
import { KindChecklist } from '../components/KindChecklist.tsx';
import { PrivacyPackagePanel } from '../components/PrivacyPackagePanel.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { ErrorMessage, Loading } from '../components/States.tsx';
import { type ResultOf, readFragment } from '../graphql.ts';
import { CorrectionFields } from '../operations/corrections.ts';
import { DeletionRequestQuery, RequestFields } from '../operations/deletion-requests.ts';

type Request = ResultOf<typeof RequestFields>;

/** What the page is named by once the request is read: what it asks, and its reference for the tab. */
interface PageName {
  heading: string;
  reference: string;
}

export default function DeletionRequestDetailIsland() {
  const [name, setName] = useState<PageName | null>(null);
  return (
    <>
      <PageHeading name={name} />
      <Shell page="requests">{(context) => <Detail context={context} onNamed={setName} />}</Shell>
    </>
  );
}

/**
 * The page's one heading, and the tab's title from the same words: the name
 * that fits every request while the session and the request are read (as in
 * the page's fallback before this island runs), then what the request asks
 * ("Access and correction request"). The layout renders no heading here.
 */
function PageHeading({ name }: { name: PageName | null }) {
  const heading = name?.heading ?? ANY_REQUEST_TITLE;
  const tabTitle = name ? `${name.reference}: ${heading}` : heading;
  useEffect(() => {
    document.title = `${tabTitle} | Compliance dashboard`;
  }, [tabTitle]);
  return <h1>{heading}</h1>;
}

function Detail({ context, onNamed }: { context: DashboardContext; onNamed: (name: PageName | null) => void }) {
  const id = useMemo(() => new URLSearchParams(location.search).get('id') ?? '', []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DeletionRequestQuery, variables: { id }, pause: id === '' });
  const reload = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const request = data?.deletionRequest ? readFragment(RequestFields, data.deletionRequest) : null;
  const heading = request ? requestTitle(request.kinds) : null;
  const reference = request?.reference ?? null;
  useEffect(() => {
    onNamed(heading && reference ? { heading, reference } : null);
  }, [heading, reference, onNamed]);
  const back = requestQueueUrl(context.organization);
  if (id === '')
    return (
      <p class="dash-state" role="alert">
        No request named: open one from <a href={back}>the queue</a>.
      </p>
    );
  if (error) return <ErrorMessage error={error} retry={reload} />;
  if (!data) return fetching ? <Loading label="Loading the request…" /> : null;
  if (!request) {
    return (
      <p class="dash-state" role="alert">
        There is no such request, or your role does not let you read it. Back to <a href={back}>the queue</a>.
      </p>
    );
  }
  return (
    <div class="dash-page">
      <p>
        <a href={back}>← Privacy requests</a>
      </p>
      <div class="dash-heading-row">
        <h2>
          {request.reference} · {STATUS_LABELS[request.status]}
        </h2>
        <DaysLeft status={request.status} daysLeft={request.daysLeft} overdue={request.overdue} />
      </div>
      {context.can('deletion-requests:write') && <DeletionRequestActions context={context} request={request} onChanged={reload} />}
      <KindChecklist kinds={request.kinds} status={request.status} fromSamePerson={request.fromSamePerson} />
      <Facts request={request} />
      <CorrectionDecisions request={request} canWrite={context.can('deletion-requests:write')} onChanged={reload} />
      <RetainedItems request={request} />
      <PrivacyPackagePanel id={request.id} canWrite={context.can('deletion-requests:write')} />
      {request.receipt && <Receipt reference={request.reference} receipt={request.receipt} />}
      <Timeline events={request.timeline} />
    </div>
  );
}

const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

function Facts({ request }: { request: Request }) {
  const facts: [string, ComponentChildren][] = [
    ['Jurisdiction', JURISDICTION_LABELS[request.jurisdiction]],
    ['Received', when(request.receivedAt)],
    ['Verified', when(request.verifiedAt)],
    ['Due', `${longDate(request.dueAt)}${request.extension ? ' (extended)' : ''}`],
  ];
  if (request.acknowledgementDueAt) facts.push(['Acknowledge by', longDate(request.acknowledgementDueAt)]);
  if (request.extension) {
    facts.push(['Extension', `${request.extension.amount} ${request.extension.unit.toLowerCase()}: ${request.extension.reason}`]);
  }
  if (request.hold)
    facts.push([
      'On hold',
      `waiting for ${HOLD_WAITS_FOR[request.hold.reason]} since ${when(request.hold.since)}${
        request.hold.reason === 'IDENTITY_PROOF' && request.jurisdiction === 'GDPR'
          ? ' (the deadline waits)'
          : ' (the deadline keeps running)'
      }`,
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
  if (request.completion) {
    const words = completionWords(request.kinds);
    facts.push([
      words.done,
      `${request.completion.summary} (${words.done === 'Deleted' ? 'from' : 'in'} ${request.completion.systems.join(', ')})`,
    ]);
  }
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

/** What the erasure kept, as stated at completion. */
function RetainedItems({ request: masked }: { request: Request }) {
  const { retainedItems } = readFragment(CorrectionFields, masked);
  if (retainedItems.length === 0) return null;
  return (
    <section aria-labelledby="retained-heading">
      <h3 id="retained-heading">What was kept, and why</h3>
      <ul>
        {retainedItems.map((item) => (
          <li key={`${item.basis}-${item.description}`}>
            {item.description} ({RETENTION_BASIS_LABELS[item.basis]}
            {item.until ? `; until ${longDate(`${item.until}T00:00:00Z`)}` : ''})
          </li>
        ))}
      </ul>
    </section>
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
