// The actions staff take on one deletion request: one button for each
// transition the lifecycle allows now (plus extend, assign and note), each
// opening a dialog with the fields that action needs. Every action sends the
// version the page showed; a VERSION_CONFLICT is shown with a reload button,
// so nobody's edit is silently overwritten.
import type { Client, CombinedError } from '@urql/core';
import { useClient, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { type FieldError, fieldErrorOf } from '../errors.ts';
import type { ResultOf } from '../graphql.ts';
import {
  AddNoteMutation,
  AssigneesQuery,
  AssignMutation,
  CancelMutation,
  CompleteMutation,
  ExtendMutation,
  HoldMutation,
  RejectMutation,
  type RequestFields,
  ResumeMutation,
  StartMutation,
  VerifyManuallyMutation,
} from '../operations/deletion-requests.ts';
import { Dialog } from './Dialog.tsx';
import type { DashboardContext } from './Shell.tsx';
import { ErrorMessage, Loading } from './States.tsx';

type Request = ResultOf<typeof RequestFields>;
type RejectionCategory = NonNullable<Request['rejectionCategory']>;
type ActionName = 'VERIFY' | 'START' | 'HOLD' | 'RESUME' | 'EXTEND' | 'COMPLETE' | 'REJECT' | 'CANCEL' | 'ASSIGN' | 'NOTE';

const ACTION_LABELS: Record<ActionName, string> = {
  VERIFY: 'Verify by hand',
  START: 'Start work',
  HOLD: 'Put on hold',
  RESUME: 'Resume',
  EXTEND: 'Extend the deadline',
  COMPLETE: 'Complete',
  REJECT: 'Reject',
  CANCEL: 'Cancel the request',
  ASSIGN: 'Assign',
  NOTE: 'Add a note',
};

export function DeletionRequestActions({
  context,
  request,
  onChanged,
}: {
  context: DashboardContext;
  request: Request;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<ActionName | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const closed = request.allowedTransitions.length === 0;
  const offered: ActionName[] = [
    ...(request.allowedTransitions as ActionName[]),
    ...(request.extensionAvailable ? (['EXTEND'] as const) : []),
    ...(closed ? [] : (['ASSIGN'] as const)),
    'NOTE',
  ];
  return (
    <section class="dash-actions" aria-label="Actions">
      {offered.map((action) => (
        <button
          key={action}
          type="button"
          class={
            action === 'REJECT' || action === 'CANCEL'
              ? 'dash-danger'
              : action === 'NOTE' || action === 'ASSIGN'
                ? 'dash-secondary'
                : undefined
          }
          onClick={() => setOpen(action)}
        >
          {ACTION_LABELS[action]}
        </button>
      ))}
      <Dialog open={open !== null} title={open ? `${ACTION_LABELS[open]}: ${request.reference}` : ''} onClose={close}>
        {open && <ActionForm context={context} action={open} request={request} onDone={close} onChanged={onChanged} />}
      </Dialog>
    </section>
  );
}

interface FormProps {
  context: DashboardContext;
  action: ActionName;
  request: Request;
  onDone: () => void;
  onChanged: () => void;
}

/** The outcome of a mutation, whichever it was: a transport error, or the result union. */
interface ActionResult {
  error?: CombinedError | undefined;
  data?: Record<string, { __typename: string; message?: string; code?: string; field?: string | null }> | null | undefined;
}

/** Sends the mutation of `action` with the fields of the form. */
function runAction(client: Client, action: ActionName, request: Request, form: FormData): Promise<ActionResult> {
  const text = (name: string) => String(form.get(name) ?? '');
  const base = { id: request.id, version: request.version };
  switch (action) {
    case 'VERIFY':
      return client.mutation(VerifyManuallyMutation, { ...base, reason: text('reason') }).toPromise();
    case 'START':
      return client.mutation(StartMutation, base).toPromise();
    case 'RESUME':
      return client.mutation(ResumeMutation, base).toPromise();
    case 'HOLD':
      return client
        .mutation(HoldMutation, {
          ...base,
          reason: text('holdReason') === 'IDENTITY_PROOF' ? 'IDENTITY_PROOF' : 'OTHER',
          message: text('message'),
        })
        .toPromise();
    case 'EXTEND':
      return client.mutation(ExtendMutation, { ...base, amount: Number(text('amount')), reason: text('reason') }).toPromise();
    case 'COMPLETE': {
      const systems = text('systems')
        .split(/[\n,]/)
        .map((system) => system.trim())
        .filter(Boolean);
      return client.mutation(CompleteMutation, { ...base, summary: text('summary'), systems }).toPromise();
    }
    case 'REJECT':
      return client
        .mutation(RejectMutation, { ...base, category: text('category') as RejectionCategory, reason: text('reason') })
        .toPromise();
    case 'CANCEL':
      return client.mutation(CancelMutation, { ...base, reason: text('reason') }).toPromise();
    case 'ASSIGN':
      return client.mutation(AssignMutation, { ...base, assignee: text('assignee') || null }).toPromise();
    case 'NOTE':
      return client.mutation(AddNoteMutation, { id: request.id, text: text('text') }).toPromise();
  }
}

function ActionForm({ context, action, request, onDone, onChanged }: FormProps) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FieldError | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await runAction(client, action, request, new FormData(event.currentTarget as HTMLFormElement));
    setBusy(false);
    if (result.error) return setProblem(fieldErrorOf(result.error));
    const outcome = Object.values(result.data ?? {})[0];
    if (outcome?.__typename === 'InputError') {
      return setProblem({ message: outcome.message ?? 'Refused.', code: outcome.code, field: outcome.field ?? undefined });
    }
    onChanged();
    onDone();
  };
  const invalid = (field: string) =>
    problem?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'action-problem' } : {};
  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      <ActionFields context={context} action={action} request={request} invalid={invalid} />
      {problem && (
        <div id="action-problem" class="dash-error" role="alert">
          <p>{problem.message}</p>
          {problem.code === 'VERSION_CONFLICT' && (
            <button
              type="button"
              onClick={() => {
                onChanged();
                onDone();
              }}
            >
              Reload the request
            </button>
          )}
        </div>
      )}
      <div class="dash-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : ACTION_LABELS[action]}
        </button>
      </div>
    </form>
  );
}

type Invalid = (field: string) => Record<string, string>;

function ActionFields({
  context,
  action,
  request,
  invalid,
}: {
  context: DashboardContext;
  action: ActionName;
  request: Request;
  invalid: Invalid;
}) {
  switch (action) {
    case 'VERIFY':
      return <TextField name="reason" label="How was the requester verified?" invalid={invalid} />;
    case 'HOLD':
      return (
        <>
          <label>
            Waiting for
            <select name="holdReason">
              <option value="IDENTITY_PROOF">Proof of identity (stops the GDPR clock)</option>
              <option value="OTHER">Other information from the requester</option>
            </select>
          </label>
          <TextField name="message" label="What exactly" invalid={invalid} />
        </>
      );
    case 'EXTEND': {
      const months = request.jurisdiction === 'GDPR';
      return (
        <>
          <label>
            By how many {months ? 'months (1–2)' : 'days (1–45)'}
            <input name="amount" type="number" min={1} max={months ? 2 : 45} required {...invalid('amount')} />
          </label>
          <TextField name="reason" label="Reason (the requester is told)" invalid={invalid} />
        </>
      );
    }
    case 'COMPLETE':
      return (
        <>
          <TextField name="summary" label="What was deleted" invalid={invalid} />
          <TextField name="systems" label="From which systems (one per line)" invalid={invalid} />
        </>
      );
    case 'REJECT':
      return (
        <>
          <label>
            Category
            <select name="category">
              <option value="UNVERIFIABLE">Unverifiable</option>
              <option value="EXEMPT">Exempt</option>
              <option value="EXCESSIVE">Excessive</option>
              <option value="DUPLICATE">Duplicate</option>
              <option value="OTHER">Other</option>
            </select>
          </label>
          <TextField name="reason" label="Reason (the requester is told)" invalid={invalid} />
        </>
      );
    case 'CANCEL':
      return <TextField name="reason" label="Why is it cancelled?" invalid={invalid} />;
    case 'NOTE':
      return <TextField name="text" label="Note (internal)" invalid={invalid} />;
    case 'ASSIGN':
      return <AssigneeField context={context} current={request.assignee?.id ?? ''} />;
    default:
      return (
        <p>
          {ACTION_LABELS[action]} {request.reference}?
        </p>
      );
  }
}

function TextField({ name, label, invalid }: { name: string; label: string; invalid: Invalid }) {
  return (
    <label>
      {label}
      <textarea name={name} rows={3} required maxLength={5000} {...invalid(name)} />
    </label>
  );
}

function AssigneeField({ context, current }: { context: DashboardContext; current: string }) {
  const [{ data, fetching, error }] = useQuery({ query: AssigneesQuery, variables: { organization: context.organization } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return fetching ? <Loading label="Loading staff…" /> : null;
  return (
    <label>
      Assign to
      <select name="assignee" defaultValue={current}>
        <option value="">Nobody</option>
        {data.organizationMembers
          .filter((member) => member.status === 'ACTIVE')
          .map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
      </select>
    </label>
  );
}
