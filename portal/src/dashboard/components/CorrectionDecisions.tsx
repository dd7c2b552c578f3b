// The decisions panel of a correction request: each item the requester
// asked to correct (what it says now, what it should say, why), a decision
// for each (corrected, partly corrected, not corrected, or not decided yet)
// with the reason the requester is told, and whom the organization told of
// the corrections (GDPR Art. 19): picked from its subprocessor list, or typed.
// Every problem the form can see is shown at once, beside its field and in a
// summary; a save is confirmed in a status message that screen readers read.
import {
  CORRECTION_DECISION_LABELS,
  CORRECTION_DECISIONS,
  CORRECTION_LIMITS,
  type CorrectionDecision,
  decisionNeedsReason,
} from '@governance/policies/vocabulary/privacy-request-items';
import { useClient } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldErrorOf } from '../errors.ts';
import { type FragmentOf, type ResultOf, readFragment } from '../graphql.ts';
import { CorrectionFields, DecideCorrectionsMutation } from '../operations/corrections.ts';

type Corrections = ResultOf<typeof CorrectionFields>;
type Item = Corrections['corrections'][number];
type Problems = Record<string, string>;

const OPEN_FOR_DECISIONS = new Set(['VERIFIED', 'IN_PROGRESS', 'ON_HOLD']);

const decisionAt = (form: FormData, index: number) => String(form.get(`decision-${index}`) ?? '') as CorrectionDecision | '';
const reasonAt = (form: FormData, index: number) => String(form.get(`reason-${index}`) ?? '').trim();
const typedRecipients = (form: FormData) =>
  String(form.get('recipients-typed') ?? '')
    .split('\n')
    .map((name) => name.trim())
    .filter(Boolean);

/** Every problem the form can see before sending, keyed by the API's own paths (decisions[1].reason). */
function problemsOf(items: readonly Item[], form: FormData): Problems {
  const problems: Problems = {};
  items.forEach((item, index) => {
    const decision = decisionAt(form, index);
    const reason = reasonAt(form, index);
    if (decision && decisionNeedsReason(decision) && reason === '') {
      problems[`decisions[${index}].reason`] =
        `Say why item ${item.position} ("${item.field}") was ${decision === 'REJECTED' ? 'not corrected' : 'only partly corrected'}.`;
    } else if (reason.length > CORRECTION_LIMITS.decisionReason) {
      problems[`decisions[${index}].reason`] = `The reason for item ${item.position} must have at most 5,000 characters.`;
    }
  });
  const typed = typedRecipients(form);
  if (typed.some((name) => name.length > CORRECTION_LIMITS.recipientName)) {
    problems.recipients = 'Each recipient must have at most 200 characters.';
  }
  return problems;
}

/** The API names a path in the whole recipient list; the form shows it on the typed names. */
const problemKeyOf = (field: string | undefined) => (field?.startsWith('recipients') ? 'recipients' : field);

export function CorrectionDecisions({
  request: masked,
  canWrite,
  onChanged,
}: {
  request: FragmentOf<typeof CorrectionFields>;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const request = readFragment(CorrectionFields, masked);
  const client = useClient();
  const form = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // The answers a person chose, kept across the reload a save causes.
  const [chosen, setChosen] = useState<Record<number, string>>({});
  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLElement>('#corrections-problems')?.focus();
  }, [attempt]);
  if (request.corrections.length === 0) return null;
  const editable = canWrite && OPEN_FOR_DECISIONS.has(request.status);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const found = problemsOf(request.corrections, values);
    setConfirmation('');
    setGeneral('');
    setProblems(found);
    if (Object.keys(found).length > 0) return setAttempt((count) => count + 1);
    const register = request.correctionRecipientChoices.filter((name) => values.getAll('recipients-register').includes(name));
    setBusy(true);
    const result = await client
      .mutation(DecideCorrectionsMutation, {
        id: request.id,
        version: request.version,
        decisions: request.corrections.map((item, index) => ({
          item: item.id,
          decision: decisionAt(values, index) || null,
          reason: reasonAt(values, index) || null,
        })),
        recipients: [
          ...register.map((name) => ({ name, fromRegister: true })),
          ...typedRecipients(values).map((name) => ({ name, fromRegister: false })),
        ],
      })
      .toPromise();
    setBusy(false);
    const outcome = result.data?.decideDeletionRequestCorrections;
    const refusal = result.error
      ? fieldErrorOf(result.error)
      : outcome?.__typename === 'InputError'
        ? { message: outcome.message, code: outcome.code, field: outcome.field ?? undefined }
        : null;
    if (refusal) {
      const key = problemKeyOf(refusal.field);
      if (key && (key === 'recipients' || key.startsWith('decisions['))) setProblems({ [key]: refusal.message });
      else setGeneral(refusal.message);
      return setAttempt((count) => count + 1);
    }
    const saved = outcome && 'data' in outcome ? readFragment(CorrectionFields, outcome.data) : request;
    const undecided = saved.corrections.filter((item) => item.decision === null).length;
    setConfirmation(
      undecided === 0
        ? 'Decisions saved. Every item is decided: the request can be completed.'
        : `Decisions saved. ${undecided} ${undecided === 1 ? 'item is' : 'items are'} not decided yet.`,
    );
    onChanged();
  };

  const problemList = Object.entries(problems);
  const recipientsFromRegister = new Set(request.correctionRecipients.filter((r) => r.fromRegister).map((r) => r.name));
  const typed = request.correctionRecipients.filter((r) => !r.fromRegister).map((r) => r.name);
  return (
    <section class="dash-corrections" aria-labelledby="corrections-heading">
      <h3 id="corrections-heading">Corrections asked for</h3>
      {!editable && <CorrectionsRead request={request} />}
      {editable && (
        <form ref={form} class="dash-form" onSubmit={submit} noValidate key={request.version}>
          {(problemList.length > 0 || general) && (
            <div id="corrections-problems" class="dash-error" role="alert" tabIndex={-1}>
              <p>
                {general ||
                  `The decisions were not saved: ${problemList.length === 1 ? 'one answer needs' : `${problemList.length} answers need`} attention.`}
              </p>
              {problemList.length > 0 && (
                <ul>
                  {problemList.map(([field, message]) => (
                    <li key={field}>
                      <a href={`#${inputIdOf(field)}`}>{message}</a>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {request.corrections.map((item, index) => (
            <ItemDecision
              key={item.id}
              item={item}
              index={index}
              problem={problems[`decisions[${index}].reason`]}
              chosen={chosen[index] ?? item.decision ?? ''}
              onChoose={(value) => setChosen((before) => ({ ...before, [index]: value }))}
            />
          ))}
          <fieldset class="dash-corrections-recipients">
            <legend>Who else was told of the corrections</legend>
            <p class="dash-field-hint">
              Everyone the data was disclosed to must be told of a correction, unless that is impossible or takes disproportionate effort
              (GDPR Art. 19). The requester sees these names.
            </p>
            {request.correctionRecipientChoices.length > 0 && (
              <div class="dash-corrections-choices">
                {request.correctionRecipientChoices.map((name) => (
                  <label key={name} class="dash-check">
                    <input type="checkbox" name="recipients-register" value={name} defaultChecked={recipientsFromRegister.has(name)} />{' '}
                    {name}
                  </label>
                ))}
              </div>
            )}
            <div class="dash-field">
              <label for="corrections-recipients">Others (one per line)</label>
              <textarea
                id="corrections-recipients"
                name="recipients-typed"
                rows={2}
                defaultValue={typed.join('\n')}
                {...(problems.recipients ? { 'aria-invalid': 'true', 'aria-describedby': 'corrections-recipients-error' } : {})}
              />
              {problems.recipients && (
                <p id="corrections-recipients-error" class="dash-field-error">
                  {problems.recipients}
                </p>
              )}
            </div>
          </fieldset>
          <div class="dash-actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save decisions'}
            </button>
          </div>
        </form>
      )}
      <p class={confirmation ? 'dash-confirmation' : 'dash-confirmation-empty'} role="status">
        {confirmation}
      </p>
    </section>
  );
}

const inputIdOf = (field: string) =>
  field === 'recipients' ? 'corrections-recipients' : `correction-reason-${/^decisions\[(\d+)\]/.exec(field)?.[1] ?? '0'}`;

/** What the requester wrote about one item. */
function ItemFacts({ item }: { item: Item }) {
  return (
    <dl class="dash-facts">
      <dt>Says now</dt>
      <dd>{item.currentValue ?? '—'}</dd>
      <dt>Should say</dt>
      <dd>{item.proposedValue ?? (item.currentValue === null ? 'erased with the personal data' : '—')}</dd>
      <dt>Why</dt>
      <dd>{item.reason ?? '—'}</dd>
    </dl>
  );
}

function ItemDecision({
  item,
  index,
  problem,
  chosen,
  onChoose,
}: {
  item: Item;
  index: number;
  problem: string | undefined;
  chosen: string;
  onChoose: (value: string) => void;
}) {
  const name = `decision-${index}`;
  return (
    <fieldset class="dash-correction-item">
      <legend>
        Item {item.position}: {item.field}
      </legend>
      <ItemFacts item={item} />
      <div class="dash-correction-choices" role="radiogroup" aria-label={`Decision on item ${item.position}`}>
        {[...CORRECTION_DECISIONS, ''].map((value) => (
          <label key={value || 'undecided'} class="dash-check">
            <input type="radio" name={name} value={value} checked={chosen === value} onChange={() => onChoose(value)} />{' '}
            {value ? CORRECTION_DECISION_LABELS[value as CorrectionDecision] : 'Not decided yet'}
          </label>
        ))}
      </div>
      <div class="dash-field">
        <label for={`correction-reason-${index}`}>
          Reason (the requester is told){chosen && decisionNeedsReason(chosen as CorrectionDecision) ? '' : ' — optional'}
        </label>
        <textarea
          id={`correction-reason-${index}`}
          name={`reason-${index}`}
          rows={2}
          maxLength={CORRECTION_LIMITS.decisionReason}
          defaultValue={item.decisionReason ?? ''}
          {...(problem ? { 'aria-invalid': 'true', 'aria-describedby': `correction-reason-${index}-error` } : {})}
        />
        {problem && (
          <p id={`correction-reason-${index}-error`} class="dash-field-error">
            {problem}
          </p>
        )}
      </div>
      {item.decidedBy && item.decidedAt && (
        <p class="dash-field-hint">
          Decided by {item.decidedBy}, {item.decidedAt.slice(0, 16).replace('T', ' ')} UTC
        </p>
      )}
    </fieldset>
  );
}

/** A closed (or not yet verified) request, or a reader without write access: the decisions as they stand. */
function CorrectionsRead({ request }: { request: Corrections }) {
  return (
    <>
      <ol class="dash-corrections-read">
        {request.corrections.map((item) => (
          <li key={item.id}>
            <p>
              <strong>{item.field}</strong>: {item.decision ? CORRECTION_DECISION_LABELS[item.decision] : 'not decided yet'}
              {item.decisionReason ? ` — ${item.decisionReason}` : ''}
            </p>
            <ItemFacts item={item} />
          </li>
        ))}
      </ol>
      {request.correctionRecipients.length > 0 && (
        <p>Told of the corrections: {request.correctionRecipients.map((r) => r.name).join(', ')}.</p>
      )}
    </>
  );
}
