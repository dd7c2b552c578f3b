// The actions staff take on one deletion request. One primary action, the
// next step of the request's state (verify, start, complete, resume); Assign
// and Add a note beside it; the rest (hold, extend, reject, cancel) under
// "More actions". Each opens a dialog with the fields that action needs, which
// reports every missing field at once, next to the field. Every action sends
// the version the page showed; a VERSION_CONFLICT is shown with a reload
// button, so nobody's edit is silently overwritten. What an action did is
// said in a status message that outlives the dialog, so screen readers
// announce it.
import type { Client, CombinedError } from '@urql/core';
import { useClient, useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { completionWords } from '../completion-needs.ts';
import { fieldErrorOf } from '../errors.ts';
import { type FragmentOf, type ResultOf, readFragment } from '../graphql.ts';
import {
  AddNoteMutation,
  AssigneesQuery,
  AssignMutation,
  CancelMutation,
  CompleteMutation,
  ExtendMutation,
  HoldMutation,
  RejectMutation,
  RequestFields,
  ResumeMutation,
  StartMutation,
  VerifyManuallyMutation,
} from '../operations/deletion-requests.ts';
import { CompletionNeeds, useCompletionState } from './CompletionNeeds.tsx';
import { holdChoiceLabel, longDate } from './DeletionRequestLabels.tsx';
import { Dialog } from './Dialog.tsx';
import { RetainedItemsFields, retainedProblemsOf, retainedRowsOf } from './RetainedItemsFields.tsx';
import type { DashboardContext } from './Shell.tsx';
import { Confirmation, ErrorMessage, Loading } from './States.tsx';

type Request = ResultOf<typeof RequestFields>;
type RejectionCategory = NonNullable<Request['rejectionCategory']>;
type ActionName = 'VERIFY' | 'START' | 'HOLD' | 'RESUME' | 'EXTEND' | 'COMPLETE' | 'REJECT' | 'CANCEL' | 'ASSIGN' | 'NOTE';

const ACTION_LABELS: Record<ActionName, string> = {
  VERIFY: 'Verify manually',
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

/** The step that moves a request on from each open state. */
const NEXT_STEP: Partial<Record<Request['status'], ActionName>> = {
  UNVERIFIED: 'VERIFY',
  VERIFIED: 'START',
  IN_PROGRESS: 'COMPLETE',
  ON_HOLD: 'RESUME',
};

const DESTRUCTIVE = new Set<ActionName>(['REJECT', 'CANCEL']);

/** The actions on offer now, by prominence. */
function actionsFor(request: Request): { primary: ActionName | null; beside: ActionName[]; more: ActionName[] } {
  const transitions = request.allowedTransitions as ActionName[];
  const next = NEXT_STEP[request.status];
  const primary = next && transitions.includes(next) ? next : null;
  const closed = transitions.length === 0;
  return {
    primary,
    beside: [...(closed ? [] : (['ASSIGN'] as const)), 'NOTE'],
    more: [
      ...transitions.filter((action) => action !== primary && !DESTRUCTIVE.has(action)),
      ...(request.extensionAvailable ? (['EXTEND'] as const) : []),
      ...transitions.filter((action) => DESTRUCTIVE.has(action)),
    ],
  };
}

/** What the action did, in a sentence, from the request as it now is. */
function confirmationOf(action: ActionName, request: Request): string {
  const reference = request.reference;
  switch (action) {
    case 'VERIFY':
      return `${reference} is verified. The requester was sent a link to follow it.`;
    case 'START':
      return `Work on ${reference} started.`;
    case 'HOLD':
      return `${reference} is on hold. The requester can see this on their status page.`;
    case 'RESUME':
      return `Work on ${reference} resumed.`;
    case 'EXTEND':
      return `Deadline extended to ${longDate(request.dueAt)}. The requester was told why.`;
    case 'COMPLETE':
      return `${reference} is completed. The requester was sent the signed receipt.`;
    case 'REJECT':
      return `${reference} is rejected. The requester was told why.`;
    case 'CANCEL':
      return `${reference} is cancelled.`;
    case 'ASSIGN':
      return request.assignee ? `${reference} is assigned to ${request.assignee.name}.` : `${reference} is assigned to nobody now.`;
    case 'NOTE':
      return `Note added to ${reference}.`;
  }
}

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
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmation, setConfirmation] = useState('');
  const menuButton = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(null), []);
  const done = useCallback(
    (action: ActionName, updated: Request) => {
      setConfirmation(confirmationOf(action, updated));
      onChanged();
    },
    [onChanged],
  );
  const { primary, beside, more } = actionsFor(request);
  const choose = (action: ActionName, fromMenu: boolean) => {
    // The menu closes; focus waits on its button, where the dialog returns it.
    if (fromMenu) {
      setMenuOpen(false);
      menuButton.current?.focus();
    }
    setConfirmation('');
    setOpen(action);
  };
  return (
    <section class="dash-request-actions" aria-label="Actions">
      <div class="dash-actions">
        {primary && (
          <button type="button" onClick={() => choose(primary, false)}>
            {ACTION_LABELS[primary]}
          </button>
        )}
        {beside.map((action) => (
          <button key={action} type="button" class="dash-secondary" onClick={() => choose(action, false)}>
            {ACTION_LABELS[action]}
          </button>
        ))}
        {more.length > 0 && (
          <button
            ref={menuButton}
            type="button"
            class="dash-secondary"
            aria-expanded={menuOpen}
            aria-controls="more-actions"
            onClick={() => setMenuOpen((wasOpen) => !wasOpen)}
          >
            More actions <span aria-hidden="true">{menuOpen ? '▴' : '▾'}</span>
          </button>
        )}
      </div>
      {/* In the page's flow, not floating over it: on a phone nothing falls off the screen. */}
      {menuOpen && more.length > 0 && (
        <ul id="more-actions" class="dash-more-list" aria-label="More actions">
          {more.map((action) => (
            <li key={action}>
              <button
                type="button"
                class={DESTRUCTIVE.has(action) ? 'dash-danger' : 'dash-secondary'}
                onClick={() => choose(action, true)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') {
                    setMenuOpen(false);
                    menuButton.current?.focus();
                  }
                }}
              >
                {ACTION_LABELS[action]}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Confirmation message={confirmation} />
      <Dialog open={open !== null} title={open ? `${ACTION_LABELS[open]}: ${request.reference}` : ''} onClose={close}>
        {open && <ActionForm context={context} action={open} request={request} onDone={close} onSucceeded={done} onReload={onChanged} />}
      </Dialog>
    </section>
  );
}

interface FormProps {
  context: DashboardContext;
  action: ActionName;
  request: Request;
  onDone: () => void;
  onSucceeded: (action: ActionName, updated: Request) => void;
  onReload: () => void;
}

/** The outcome of a mutation, whichever it was: a transport error, or the result union. */
interface ActionResult {
  error?: CombinedError | undefined;
  data?: Record<string, { __typename: string; message?: string; code?: string; field?: string | null; data?: unknown }> | null | undefined;
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
      return client.mutation(CompleteMutation, { ...base, summary: text('summary'), systems, retained: retainedRowsOf(form) }).toPromise();
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

/** A field the form names, and what is wrong with it. */
type FieldErrors = Partial<Record<string, string>>;

const MAX_TEXT = 5000;

/**
 * Every problem the form can see before sending, all at once (the API checks
 * the same again and answers the first it finds).
 */
function problemsOf(action: ActionName, request: Request, form: FormData): FieldErrors {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const problems: FieldErrors = {};
  const required = (name: string, what: string) => {
    if (text(name) === '') problems[name] = `${what} is required.`;
    else if (text(name).length > MAX_TEXT) problems[name] = `${what} must have at most 5,000 characters.`;
  };
  switch (action) {
    case 'VERIFY':
      required('reason', 'How the requester was verified');
      break;
    case 'HOLD':
      required('message', 'What the request waits for');
      break;
    case 'EXTEND': {
      const months = request.jurisdiction === 'GDPR';
      const amount = Number(text('amount'));
      if (!Number.isInteger(amount) || amount < 1 || amount > (months ? 2 : 45) || text('amount') === '') {
        problems.amount = months ? 'Give a whole number of months, 1 or 2.' : 'Give a whole number of days, from 1 to 45.';
      }
      required('reason', 'The reason');
      break;
    }
    case 'COMPLETE': {
      const words = completionWords(request.kinds);
      if (text('summary') === '') problems.summary = words.summaryMissing;
      else required('summary', words.summary);
      if (
        text('systems')
          .split(/[\n,]/)
          .every((system) => system.trim() === '')
      ) {
        problems.systems = words.systemsMissing;
      }
      Object.assign(problems, retainedProblemsOf(retainedRowsOf(form), new Date().toISOString().slice(0, 10)));
      break;
    }
    case 'REJECT':
      required('reason', 'The reason');
      break;
    case 'CANCEL':
      required('reason', 'Why it is cancelled');
      break;
    case 'NOTE':
      required('text', 'The note');
      break;
    default:
      break;
  }
  return problems;
}

/** The fields each action's form shows, so an answer from the API about one of them is shown beside it. */
const FIELDS_OF: Record<ActionName, string[]> = {
  VERIFY: ['reason'],
  START: [],
  HOLD: ['message'],
  RESUME: [],
  EXTEND: ['amount', 'reason'],
  COMPLETE: ['summary', 'systems'],
  REJECT: ['reason'],
  CANCEL: ['reason'],
  ASSIGN: ['assignee'],
  NOTE: ['text'],
};

function ActionForm({ context, action, request, onDone, onSucceeded, onReload }: FormProps) {
  const client = useClient();
  const form = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<{ message: string; code: string | undefined } | null>(null);
  // After a refusal, the first field at fault has the focus (its error is read with it); a general problem, the alert.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], #action-problem')?.focus();
  }, [attempt]);
  // Completing needs each kind's answer first (a sealed package, every correction decided): until then it is not offered.
  const completion = useCompletionState(request, action === 'COMPLETE');
  const blocked = action === 'COMPLETE' && completion.blockers.length > 0;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (blocked) return;
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const found = problemsOf(action, request, values);
    setProblem(null);
    setFieldErrors(found);
    if (Object.keys(found).length > 0) return setAttempt((count) => count + 1);
    setBusy(true);
    const result = await runAction(client, action, request, values);
    setBusy(false);
    const refusal = result.error
      ? fieldErrorOf(result.error)
      : (() => {
          const outcome = Object.values(result.data ?? {})[0];
          return outcome?.__typename === 'InputError'
            ? { message: outcome.message ?? 'Refused.', code: outcome.code, field: outcome.field ?? undefined }
            : null;
        })();
    if (refusal) {
      if (refusal.field && (FIELDS_OF[action].includes(refusal.field) || (action === 'COMPLETE' && refusal.field.startsWith('retained['))))
        setFieldErrors({ [refusal.field]: refusal.message });
      else setProblem({ message: refusal.message, code: refusal.code });
      return setAttempt((count) => count + 1);
    }
    // Every action answers with the request as it now is (the DashboardDeletionRequest fragment).
    const outcome = Object.values(result.data ?? {})[0] as { data?: FragmentOf<typeof RequestFields> } | undefined;
    const updated = outcome?.data ? readFragment(RequestFields, outcome.data) : request;
    onSucceeded(action, updated);
    onDone();
  };
  const invalid: Invalid = (field: string) =>
    fieldErrors[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `action-error-${field}` } : {};
  return (
    <form ref={form} class="dash-form" onSubmit={submit} noValidate>
      {action === 'COMPLETE' && <CompletionNeeds state={completion} />}
      {!blocked && <ActionFields context={context} action={action} request={request} invalid={invalid} errors={fieldErrors} />}
      {problem && (
        <div id="action-problem" class="dash-error" role="alert" tabIndex={-1}>
          <p>{problem.message}</p>
          {problem.code === 'VERSION_CONFLICT' && (
            <button
              type="button"
              onClick={() => {
                onReload();
                onDone();
              }}
            >
              Reload the request
            </button>
          )}
        </div>
      )}
      {!blocked && (
        <div class="dash-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : ACTION_LABELS[action]}
          </button>
        </div>
      )}
    </form>
  );
}

type Invalid = (field: string) => Record<string, string>;

interface FieldsProps {
  context: DashboardContext;
  action: ActionName;
  request: Request;
  invalid: Invalid;
  errors: FieldErrors;
}

function ActionFields({ context, action, request, invalid, errors }: FieldsProps) {
  const text = (name: string, label: string) => <TextField name={name} label={label} invalid={invalid} error={errors[name]} />;
  switch (action) {
    case 'VERIFY':
      return text('reason', 'How was the requester verified?');
    case 'HOLD':
      return (
        <>
          <label>
            Waiting for
            <select name="holdReason">
              <option value="IDENTITY_PROOF">{holdChoiceLabel('IDENTITY_PROOF', request.jurisdiction)}</option>
              <option value="OTHER">{holdChoiceLabel('OTHER', request.jurisdiction)}</option>
            </select>
          </label>
          {text('message', 'What exactly')}
        </>
      );
    case 'EXTEND': {
      const months = request.jurisdiction === 'GDPR';
      return (
        <>
          <Field name="amount" label={`By how many ${months ? 'months (1–2)' : 'days (1–45)'}`} error={errors.amount}>
            <input id="action-field-amount" name="amount" type="number" min={1} max={months ? 2 : 45} required {...invalid('amount')} />
          </Field>
          {text('reason', 'Reason (the requester is told)')}
        </>
      );
    }
    case 'COMPLETE': {
      const words = completionWords(request.kinds);
      return (
        <>
          {text('summary', words.summary)}
          {text('systems', words.systems)}
          {/* What was kept belongs to an erasure: the API refuses it on a request that asks for no deletion. */}
          {request.kinds.includes('DELETION') && <RetainedItemsFields errors={errors} />}
        </>
      );
    }
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
          {text('reason', 'Reason (the requester is told)')}
        </>
      );
    case 'CANCEL':
      return text('reason', 'Why is it cancelled?');
    case 'NOTE':
      return text('text', 'Note (internal)');
    case 'ASSIGN':
      return <AssigneeField context={context} current={request.assignee?.id ?? ''} problem={errors.assignee} />;
    default:
      return (
        <p>
          {ACTION_LABELS[action]} {request.reference}?
        </p>
      );
  }
}

/** A labelled control with its error beneath it, read with the control (aria-describedby). */
function Field({ name, label, error, children }: { name: string; label: string; error: string | undefined; children: ComponentChildren }) {
  return (
    <div class="dash-field">
      <label for={`action-field-${name}`}>{label}</label>
      {children}
      {error && (
        <p id={`action-error-${name}`} class="dash-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function TextField({ name, label, invalid, error }: { name: string; label: string; invalid: Invalid; error: string | undefined }) {
  return (
    <Field name={name} label={label} error={error}>
      <textarea id={`action-field-${name}`} name={name} rows={3} required maxLength={MAX_TEXT} {...invalid(name)} />
    </Field>
  );
}

function AssigneeField({ context, current, problem }: { context: DashboardContext; current: string; problem: string | undefined }) {
  const [{ data, fetching, error }] = useQuery({ query: AssigneesQuery, variables: { organization: context.organization } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return fetching ? <Loading label="Loading staff…" /> : null;
  return (
    <Field name="assignee" label="Assign to" error={problem}>
      <select
        id="action-field-assignee"
        name="assignee"
        {...(problem ? { 'aria-invalid': 'true', 'aria-describedby': 'action-error-assignee' } : {})}
      >
        {/* `selected` on the options: Preact has no defaultValue for a select, which left "Nobody" chosen. */}
        <option value="" selected={!current}>
          Nobody
        </option>
        {data.organizationMembers
          .filter((member) => member.status === 'ACTIVE')
          .map((member) => (
            <option key={member.id} value={member.id} selected={member.id === current}>
              {member.name}
            </option>
          ))}
      </select>
    </Field>
  );
}
