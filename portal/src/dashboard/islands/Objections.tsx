// Objections to the organization's subprocessor changes: the confirmed ones,
// open or resolved, per list version; one objection in a dialog with the
// company, the reason and the confirmed address; resolving it with an
// outcome and a note (privacy officers and admins); and the signed evidence
// of a change to download. Each step is audited by the API.
import {
  OBJECTION_LIMITS,
  OBJECTION_OUTCOME_VALUES,
  OBJECTION_OUTCOMES,
  type ObjectionOutcome,
} from '@governance/policies/vocabulary/subprocessor-objections';
import { useMutation, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { Dialog } from '../components/Dialog.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { ListTable, RowTitle } from '../components/ListTable.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Confirmation, ErrorMessage } from '../components/States.tsx';
import { saveTextFile } from '../download.ts';
import { fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import { useFormProblem } from '../hooks/useFormProblem.ts';
import { ExportEvidenceMutation, ObjectionFields, ObjectionsQuery, ResolveObjectionMutation } from '../operations/objections.ts';

type Objection = ResultOf<typeof ObjectionFields>;
type State = 'OPEN' | 'RESOLVED';

const LIST_CONTEXT = { additionalTypenames: ['SubprocessorObjection'] };
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

export default function ObjectionsIsland() {
  return <Shell page="objections">{(context) => <Objections context={context} />}</Shell>;
}

function Objections({ context }: { context: DashboardContext }) {
  const [version, setVersion] = useState('');
  const [state, setState] = useState<State | ''>('OPEN');
  const query = useQuery({
    query: ObjectionsQuery,
    variables: { organization: context.organization, version: version || null, state: state || null },
    context: LIST_CONTEXT,
  });
  const [opened, setOpened] = useState<Objection | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const close = useCallback(() => setOpened(null), []);
  const [{ data }] = query;
  const lists = data?.organization?.subprocessorLists ?? [];
  return (
    <div class="dash-page objections-page">
      <p class="dash-hint">
        Customers may object to an announced change of the subprocessor list until it takes effect. Only objections whose email address was
        confirmed are listed.
      </p>
      <form class="dash-filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          List version
          <select value={version} onChange={(event) => setVersion((event.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={version === ''}>
              All versions
            </option>
            {lists.map((list) => (
              <option key={list.version} value={list.version} selected={version === list.version}>
                {list.version} (effective {day(list.effectiveAt)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select value={state} onChange={(event) => setState((event.currentTarget as HTMLSelectElement).value as State | '')}>
            <option value="OPEN" selected={state === 'OPEN'}>
              Open
            </option>
            <option value="RESOLVED" selected={state === 'RESOLVED'}>
              Resolved
            </option>
            <option value="" selected={state === ''}>
              All
            </option>
          </select>
        </label>
      </form>
      <EvidenceDownload organization={context.organization} version={version} />
      <Confirmation message={confirmation} />
      <ListTable
        query={query}
        rows={(data) => readFragment(ObjectionFields, data.subprocessorObjections)}
        loading="Loading objections…"
        empty={state === 'OPEN' ? 'No open objections.' : 'No objections.'}
        caption="Objections, newest first"
        columns={['Company', 'List version', 'Received', 'Status']}
        actions
      >
        {(objection) => (
          <tr key={objection.id}>
            <RowTitle>{objection.company}</RowTitle>
            <td data-label="List version">{objection.version}</td>
            <td data-label="Received">{day(objection.submittedAt)}</td>
            <td data-label="Status">
              <span class={`dash-badge dash-badge-${objection.state === 'OPEN' ? 'active' : 'revoked'}`}>
                {objection.outcome ? OBJECTION_OUTCOMES[objection.outcome as ObjectionOutcome] : 'Open'}
              </span>
            </td>
            <td class="dash-card-actions">
              <ReviewButton objection={objection} mayResolve={context.can('subprocessor-objections:write')} onOpen={setOpened} />
            </td>
          </tr>
        )}
      </ListTable>
      <Dialog open={opened !== null} title={opened ? `Objection of ${opened.company}` : ''} onClose={close}>
        {opened && (
          <ObjectionDetail
            context={context}
            objection={opened}
            onClose={close}
            onResolved={(resolved) => {
              setConfirmation(
                `The objection of ${resolved.company} is resolved: ${OBJECTION_OUTCOMES[resolved.outcome as ObjectionOutcome]}.`,
              );
              close();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

/** Its spoken name starts with the words it shows (WCAG 2.5.3), then names the company. */
function ReviewButton({
  objection,
  mayResolve,
  onOpen,
}: {
  objection: Objection;
  mayResolve: boolean;
  onOpen: (objection: Objection) => void;
}) {
  const verb = objection.state === 'OPEN' && mayResolve ? 'Review' : 'View';
  return (
    <button
      type="button"
      class="dash-secondary"
      onClick={() => onOpen(objection)}
      aria-label={`${verb} the objection of ${objection.company}`}
    >
      {verb}
    </button>
  );
}

function ObjectionDetail({
  context,
  objection,
  onClose,
  onResolved,
}: {
  context: DashboardContext;
  objection: Objection;
  onClose: () => void;
  onResolved: (resolved: Objection) => void;
}) {
  const mayResolve = objection.state === 'OPEN' && context.can('subprocessor-objections:write');
  return (
    <div class="objection-detail">
      <dl class="dash-facts">
        <dt>Company</dt>
        <dd>{objection.company}</dd>
        <dt>Confirmed email</dt>
        <dd>{objection.email ?? 'Erased (retention)'}</dd>
        <dt>List version</dt>
        <dd>
          {objection.version}, effective {day(objection.effectiveAt)}
        </dd>
        <dt>Received</dt>
        <dd>
          {day(objection.submittedAt)} (confirmed {day(objection.verifiedAt)})
        </dd>
        <dt>Reason</dt>
        <dd class="objection-reason">{objection.reason ?? 'Erased (retention)'}</dd>
        {objection.outcome && (
          <>
            <dt>Outcome</dt>
            <dd>
              {OBJECTION_OUTCOMES[objection.outcome as ObjectionOutcome]}, {day(objection.resolvedAt)}
              {objection.resolvedBy ? ` by ${objection.resolvedBy}` : ''}
            </dd>
            {objection.resolutionNote && (
              <>
                <dt>Note</dt>
                <dd>{objection.resolutionNote}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {mayResolve ? (
        <ResolveForm organization={context.organization} objection={objection} onCancel={onClose} onResolved={onResolved} />
      ) : (
        <div class="dash-actions">
          <button type="button" class="dash-secondary" onClick={onClose} data-autofocus>
            Close
          </button>
        </div>
      )}
    </div>
  );
}

function ResolveForm({
  organization,
  objection,
  onCancel,
  onResolved,
}: {
  organization: string;
  objection: Objection;
  onCancel: () => void;
  onResolved: (resolved: Objection) => void;
}) {
  const [{ fetching }, resolve] = useMutation(ResolveObjectionMutation);
  const { problem, setProblem, messageId, invalid } = useFormProblem();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const outcome = String(form.get('outcome') ?? '');
    if (!OBJECTION_OUTCOME_VALUES.includes(outcome as ObjectionOutcome)) {
      setProblem({ message: 'Choose an outcome.', code: 'BAD_USER_INPUT', field: 'outcome' });
      return;
    }
    const note = String(form.get('note') ?? '');
    const result = await resolve({ input: { organization, id: objection.id, outcome: outcome as ObjectionOutcome, note: note || null } });
    const answer = result.data?.resolveSubprocessorObjection;
    if (result.error) setProblem(fieldErrorOf(result.error));
    else if (answer?.__typename === 'InputError')
      setProblem({ message: answer.message, code: 'BAD_USER_INPUT', field: answer.field ?? undefined });
    else if (answer?.__typename === 'MutationResolveSubprocessorObjectionSuccess') onResolved(readFragment(ObjectionFields, answer.data));
  };
  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      <FormProblem problem={problem} id={messageId} />
      <fieldset {...invalid('outcome')}>
        <legend>Outcome</legend>
        {OBJECTION_OUTCOME_VALUES.map((value) => (
          <label key={value} class="dash-check">
            <input type="radio" name="outcome" value={value} /> {OBJECTION_OUTCOMES[value]}
          </label>
        ))}
      </fieldset>
      <label>
        Note
        <span class="dash-field-hint">What was decided and why. Staff only; the customer is answered by email.</span>
        <textarea name="note" rows={4} maxLength={OBJECTION_LIMITS.note} {...invalid('note')} />
      </label>
      <FormActions submit={fetching ? 'Resolving…' : 'Resolve objection'} disabled={fetching} onCancel={onCancel} />
    </form>
  );
}

/** The signed evidence of one list version, saved as a file. */
function EvidenceDownload({ organization, version }: { organization: string; version: string }) {
  const [{ fetching, error }, exportEvidence] = useMutation(ExportEvidenceMutation);
  const [problem, setProblem] = useState('');
  if (!version) return <p class="dash-hint">Choose a list version to download the signed evidence of its notices and objections.</p>;
  const download = async () => {
    setProblem('');
    const result = await exportEvidence({ organization, version });
    const answer = result.data?.exportSubprocessorChangeEvidence;
    if (answer?.__typename === 'InputError') setProblem(answer.message);
    if (answer?.__typename !== 'MutationExportSubprocessorChangeEvidenceSuccess') return;
    saveTextFile(answer.data.fileName, answer.data.json);
  };
  return (
    <div class="dash-actions objections-evidence">
      <button type="button" onClick={download} disabled={fetching}>
        {fetching ? 'Signing…' : `Download signed evidence of version ${version}`}
      </button>
      {error && <ErrorMessage error={error} />}
      {problem && (
        <p class="dash-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
