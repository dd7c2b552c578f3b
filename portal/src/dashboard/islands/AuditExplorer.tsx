// The audit trail of one organization: filters, newest first with more pages
// loading as the end of the list scrolls into view (or on the button),
// export of the filtered range, chain verification and the latest signed
// checkpoint. Events read like a record: actions in words, people and
// targets by name or reference, details as labelled fields. Filters pick
// actions and people from lists, never typed names or ids.

import { AUDIT_ACTIONS, type AuditAction, actionLabel, currentActionName } from '@governance/policies/vocabulary/audit-actions';
import type { CombinedError } from '@urql/core';
import { useClient, useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AuditEventDetails } from '../components/AuditEventDetails.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Empty, ErrorMessage, Loading } from '../components/States.tsx';
import type { ResultOf } from '../graphql.ts';
import { AuditEventsQuery, AuditTrailMembersQuery, VerifyAuditChainQuery } from '../operations/audit.ts';

const PAGE_SIZE = 50;

type Filter = Partial<Record<'action' | 'actorId' | 'targetType' | 'targetId' | 'from' | 'to', string>>;

export default function AuditExplorerIsland() {
  return <Shell page="audit">{(context) => <AuditExplorer context={context} />}</Shell>;
}

function AuditExplorer({ context }: { context: DashboardContext }) {
  const [filter, setFilter] = useState<Filter>({});
  // One entry per loaded page: the cursor it starts after.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const apply = (next: Filter) => {
    setFilter(next);
    setPages([null]);
  };
  return (
    <div class="dash-page">
      <FilterForm organization={context.organization} onApply={apply} />
      <ExportLinks organization={context.organization} filter={filter} />
      <ChainStatus organization={context.organization} />
      <div class="dash-table-wrap">
        <table class="dash-table dash-table-cards dash-audit-table">
          <caption>Events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">What happened</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">By</th>
              <th scope="col">About</th>
              <th scope="col">Details</th>
              <th scope="col">Seq</th>
            </tr>
          </thead>
          {pages.map((after, index) => (
            <EventPage
              key={`${JSON.stringify(filter)}:${after}`}
              organization={context.organization}
              filter={filter}
              after={after}
              last={index === pages.length - 1}
              first={index === 0}
              onMore={(cursor) => setPages((loaded) => (loaded.includes(cursor) ? loaded : [...loaded, cursor]))}
            />
          ))}
        </table>
      </div>
    </div>
  );
}

/** Subjects of the action registry in words, in the registry's order: the groups of the action list. */
const SUBJECTS: Record<string, string> = {
  auth: 'Sign-in',
  user: 'Accounts',
  member: 'Members',
  api_token: 'API tokens',
  second_factor: 'Two-step sign-in',
  organization: 'Organization',
  policy: 'Policies',
  deletion_request: 'Privacy requests',
  retention: 'Retention',
};

const ACTION_GROUPS = Object.entries(SUBJECTS).map(([subject, label]) => ({
  subject,
  label,
  actions: (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((action) => action.startsWith(`${subject}.`)),
}));

function FilterForm({ organization, onApply }: { organization: string; onApply: (filter: Filter) => void }) {
  const [{ data: people }] = useQuery({ query: AuditTrailMembersQuery, variables: { organization } });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    // datetime-local is the reader's local time; the API takes an instant.
    const instant = (name: string) => {
      const value = text(name);
      return value ? new Date(value).toISOString() : undefined;
    };
    const entries = [
      ['action', text('action')],
      ['actorId', text('actorId')],
      ['from', instant('from')],
      ['to', instant('to')],
    ] as const;
    onApply(Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Filter);
  };
  return (
    <form class="dash-filters" onSubmit={submit} aria-label="Filter events">
      <label>
        What happened
        <select name="action">
          <option value="">Anything</option>
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.subject} label={group.label}>
              {/* A subject alone filters by prefix: every action of the group. */}
              <option value={group.subject}>{`All of ${group.label.toLowerCase()}`}</option>
              {group.actions.map((action) => (
                <option key={action} value={action}>
                  {AUDIT_ACTIONS[action].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        By
        <select name="actorId">
          <option value="">Anyone</option>
          {people?.auditTrailMembers.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        From (your time)
        <input name="from" type="datetime-local" />
      </label>
      <label>
        Before (your time)
        <input name="to" type="datetime-local" />
      </label>
      <div class="dash-actions dash-filter-actions">
        <button type="submit">Apply filters</button>
        <button type="reset" class="dash-secondary" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

type EventNode = ResultOf<typeof AuditEventsQuery>['auditEvents']['edges'][number]['node'];

function EventPage(props: {
  organization: string;
  filter: Filter;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AuditEventsQuery,
    variables: { organization: props.organization, filter: props.filter, first: PAGE_SIZE, after: props.after },
  });
  const connection = data?.auditEvents;
  if (error) return <StateRow>{<ErrorMessage error={error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}</StateRow>;
  if (!connection) return <StateRow>{fetching ? <Loading label="Loading events…" /> : null}</StateRow>;
  return (
    <tbody>
      {props.first && connection.edges.length === 0 && (
        <StateRowCell>
          <Empty>No events match these filters.</Empty>
        </StateRowCell>
      )}
      {connection.edges.map(({ node }) => (
        <EventRow key={node.seq} event={node} />
      ))}
      {props.last && connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
        <StateRowCell>
          <LoadMore onMore={() => props.onMore(connection.pageInfo.endCursor ?? '')} />
        </StateRowCell>
      )}
      {props.last && !connection.pageInfo.hasNextPage && connection.edges.length > 0 && (
        <StateRowCell>
          <p class="dash-hint">End of the trail for these filters.</p>
        </StateRowCell>
      )}
    </tbody>
  );
}

const StateRow = ({ children }: { children: ComponentChildren }) => (
  <tbody>
    <StateRowCell>{children}</StateRowCell>
  </tbody>
);

const StateRowCell = ({ children }: { children: ComponentChildren }) => (
  <tr>
    <td colSpan={6}>{children}</td>
  </tr>
);

/** Loads the next page when it scrolls into view; the button does the same for keyboards and readers. */
function LoadMore({ onMore }: { onMore: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = button.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onMore]);
  return (
    <button ref={button} type="button" class="dash-secondary" onClick={onMore}>
      Load more events
    </button>
  );
}

/** A target without a label (one since removed, or without a name) by its kind in words. */
const TARGET_KINDS: Record<string, string> = {
  User: 'a person',
  ApiToken: 'an API token',
  DeletionRequest: 'a privacy request',
  Policy: 'a policy',
  PolicyVersion: 'a policy version',
  RetentionSetting: 'a retention setting',
  RetentionRun: 'a retention sweep',
  Organization: 'the organization',
  Session: 'a session',
  AuditChain: 'the audit trail',
};

function EventRow({ event }: { event: EventNode }) {
  const current = currentActionName(event.action);
  const actor = event.actorName ?? event.actor.label ?? (event.actor.type === 'SYSTEM' ? 'the system' : 'someone not signed in');
  return (
    <tr>
      <th scope="row" class="dash-card-title">
        {actionLabel(event.action)}
        {/* The name as recorded (an event recorded under a former name keeps it, and the export gives that one). */}
        <code class="dash-action-name" title={current === event.action ? undefined : `recorded as ${event.action}`}>
          {current}
        </code>
      </th>
      <td data-label="When (UTC)">
        <time dateTime={event.occurredAt}>{event.occurredAt.replace('T', ' ').slice(0, 19)}</time>
      </td>
      <td data-label="By">
        {actor}
        {event.actorName && event.actor.label && event.actor.label !== event.actorName && (
          <span class="dash-hint dash-block">{event.actor.label}</span>
        )}
      </td>
      <td data-label="About">{event.target ? (event.targetLabel ?? TARGET_KINDS[event.target.type] ?? event.target.type) : '—'}</td>
      <td data-label="Details">
        <AuditEventDetails metadata={event.metadata} />
      </td>
      <td data-label="Seq">{event.seq}</td>
    </tr>
  );
}

function ExportLinks({ organization, filter }: { organization: string; filter: Filter }) {
  const href = (format: 'ndjson' | 'csv') => {
    const parameters = new URLSearchParams({ organization, format, ...(filter as Record<string, string>) });
    return `/audit/export?${parameters}`;
  };
  return (
    <p class="dash-actions">
      Export these events (oldest first): <a href={href('ndjson')}>NDJSON</a> · <a href={href('csv')}>CSV</a>
    </p>
  );
}

type Verification = ResultOf<typeof VerifyAuditChainQuery>['verifyAuditChain'];
interface Checkpoint {
  seq: number;
  hash: string;
  signedAt: string;
  publicKeyId: string;
}

function ChainStatus({ organization }: { organization: string }) {
  const client = useClient();
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: Verification } | { kind: 'failed'; error: CombinedError }
  >({ kind: 'idle' });
  const [checkpoint, setCheckpoint] = useState<Checkpoint | null | 'none' | 'unavailable'>(null);

  useEffect(() => {
    let cancelled = false;
    fetch(`/.well-known/audit-checkpoints/${encodeURIComponent(organization)}.json`)
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const document = (await response.json()) as { checkpoints: Checkpoint[] };
        if (!cancelled) setCheckpoint(document.checkpoints[0] ?? 'none');
      })
      .catch(() => !cancelled && setCheckpoint('unavailable'));
    return () => {
      cancelled = true;
    };
  }, [organization]);

  const verify = async () => {
    setState({ kind: 'checking' });
    const result = await client.query(VerifyAuditChainQuery, { organization }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) setState({ kind: 'failed', error: result.error });
    else if (result.data) setState({ kind: 'done', result: result.data.verifyAuditChain });
  };

  return (
    <section class="dash-chain" aria-labelledby="chain-heading">
      <h2 id="chain-heading">Integrity</h2>
      <button type="button" onClick={verify} disabled={state.kind === 'checking'}>
        Verify chain
      </button>
      <div role="status" class="dash-chain-result">
        {state.kind === 'checking' && <p>Recomputing every hash…</p>}
        {state.kind === 'failed' && <ErrorMessage error={state.error} />}
        {state.kind === 'done' &&
          (state.result.ok ? (
            <p class="dash-ok">
              Chain verified: {state.result.eventsChecked} events checked, sealed through seq {state.result.sealedThrough}.
            </p>
          ) : (
            <p class="dash-bad">
              Chain broken at seq {state.result.firstBadSeq}: {state.result.reason}
            </p>
          ))}
      </div>
      <p class="dash-hint">
        {checkpoint === null && 'Loading the latest signed checkpoint…'}
        {checkpoint === 'none' && 'No signed checkpoint yet (one is made every hour).'}
        {checkpoint === 'unavailable' && 'The signed checkpoints could not be loaded.'}
        {typeof checkpoint === 'object' && checkpoint !== null && (
          <>
            Latest signed checkpoint: seq {checkpoint.seq}, signed {checkpoint.signedAt.replace('T', ' ').slice(0, 19)} UTC, hash{' '}
            <code>{checkpoint.hash.slice(0, 16)}…</code> (
            <a href={`/.well-known/audit-checkpoints/${encodeURIComponent(organization)}.json`}>all checkpoints and keys</a>)
          </>
        )}
      </p>
    </section>
  );
}
