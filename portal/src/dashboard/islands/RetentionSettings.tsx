// Retention settings of the organization: the current schedule (public or
// not) with what enforces each entry, an edit form that needs a reason, the
// history of each setting, the last sweeps with their counts, and a dry run
// that shows what a sweep would do now without changing anything. Periods
// are typed and read in words ("24 months", "indefinitely"); the API's
// ISO-8601 form stays out of sight (vocabulary/retention-period.ts).

import { permissionToChangeRetention } from '@governance/policies/vocabulary/access';
import {
  describePeriod,
  PERIOD_UNITS,
  type PeriodInWords,
  type PeriodUnit,
  periodInWords,
  periodOf,
} from '@governance/policies/vocabulary/retention-period';
import { useClient, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { formatDate } from '../../lib/dates.ts';
import { Dialog } from '../components/Dialog.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { ListTable, RowTitle } from '../components/ListTable.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Confirmation, ErrorMessage, Loading } from '../components/States.tsx';
import { fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import { useFormProblem } from '../hooks/useFormProblem.ts';
import {
  RetentionDryRunQuery,
  RetentionHistoryQuery,
  RetentionRunsQuery,
  RetentionSettingFields,
  RetentionSettingsQuery,
  UpdateRetentionSettingMutation,
} from '../operations/retention.ts';

type Setting = ResultOf<typeof RetentionSettingFields>;

const LIST_CONTEXT = { additionalTypenames: ['RetentionSetting'] };
const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
/** `2026-03-01T14:00:00Z` → `1 March 2026` (UTC). */
const day = (iso: string) => formatDate(new Date(iso).toISOString().slice(0, 10));

export default function RetentionSettingsIsland() {
  return <Shell page="retention">{(context) => <RetentionSettings context={context} />}</Shell>;
}

function RetentionSettings({ context }: { context: DashboardContext }) {
  const query = useQuery({
    query: RetentionSettingsQuery,
    variables: { organization: context.organization },
    context: LIST_CONTEXT,
  });
  const [editing, setEditing] = useState<Setting | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const closeEdit = useCallback(() => setEditing(null), []);
  const closeHistory = useCallback(() => setHistory(null), []);
  const mayEdit = context.can('retention:write');
  return (
    <div class="dash-page">
      <div class="dash-heading-row">
        {mayEdit && (
          <button type="button" onClick={() => setEditing('new')}>
            Add a category
          </button>
        )}
      </div>
      <p class="dash-hint">
        Public settings are published on the portal's retention page. Every change is a new version, kept with its reason.
      </p>
      <Confirmation message={confirmation} />
      <ListTable
        query={query}
        rows={(data) => readFragment(RetentionSettingFields, data.retentionSettings)}
        loading="Loading retention settings…"
        empty="No retention settings yet."
        caption="Current settings, by category"
        columns={['Category', 'Kept for', 'From', 'Then', 'Published', 'Enforced', 'Version']}
        actions
      >
        {(setting) => (
          <tr key={setting.id}>
            <RowTitle>
              <strong>{setting.category}</strong>
              <span class="dash-hint dash-multiline">{setting.description}</span>
            </RowTitle>
            <td data-label="Kept for">{setting.periodDescription}</td>
            <td data-label="From">{setting.trigger}</td>
            <td data-label="Then">{setting.action === 'DELETE' ? 'deleted' : 'anonymized'}</td>
            <td data-label="Published">{setting.public ? 'yes' : 'no'}</td>
            <td data-label="Enforced">{setting.enforcement.enforced ? `yes (${setting.enforcement.rule})` : setting.enforcement.note}</td>
            <td data-label="Version">
              {setting.version} · {setting.changedBy ?? 'settings file'}, {day(setting.changedAt)}
            </td>
            <td class="dash-card-actions">
              <div class="dash-actions">
                <button
                  type="button"
                  class="dash-secondary"
                  onClick={() => setHistory(setting.category)}
                  aria-label={`History of ${setting.category}`}
                >
                  History
                </button>
                {context.can(permissionToChangeRetention(setting.category)) && (
                  <button type="button" onClick={() => setEditing(setting)} aria-label={`Edit ${setting.category}`}>
                    Edit
                  </button>
                )}
              </div>
            </td>
          </tr>
        )}
      </ListTable>
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'Add a retention category' : `Edit ${editing?.category ?? ''}`}
        onClose={closeEdit}
      >
        {editing && (
          <SettingForm
            organization={context.organization}
            setting={editing === 'new' ? null : editing}
            onSaved={(saved) => {
              setConfirmation(
                `${saved.category} saved as version ${saved.version}: kept for ${saved.periodDescription}${saved.public ? ', shown on the public retention page' : ''}.`,
              );
              closeEdit();
            }}
          />
        )}
      </Dialog>
      <Dialog open={history !== null} title={`History of ${history ?? ''}`} onClose={closeHistory}>
        {history && <History organization={context.organization} category={history} />}
      </Dialog>
      <Sweeps context={context} />
    </div>
  );
}

/** What the number-and-unit control reads from the form; null when the number is not a whole number from 1. */
function periodFromForm(form: FormData): PeriodInWords | null {
  const unit = String(form.get('periodUnit') ?? '');
  if (unit === 'indefinitely') return { kind: 'indefinite' };
  const amount = Number(String(form.get('periodAmount') ?? '').trim());
  if (!Number.isInteger(amount) || amount < 1 || !(PERIOD_UNITS as readonly string[]).includes(unit)) return null;
  return { kind: 'amount', amount, unit: unit as PeriodUnit };
}

function SettingForm({
  organization,
  setting,
  onSaved,
}: {
  organization: string;
  setting: Setting | null;
  onSaved: (saved: Setting) => void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, messageId, invalid } = useFormProblem();
  // A stored period that one number and unit cannot say (1 month and 15 days) starts the form empty, saying what it was.
  const stored = setting ? periodInWords(setting.period) : { kind: 'amount' as const, amount: 30, unit: 'days' as const };
  const [indefinite, setIndefinite] = useState(stored?.kind === 'indefinite');
  const storedUnit = stored?.kind === 'indefinite' ? 'indefinitely' : stored?.kind === 'amount' ? stored.unit : 'months';
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const period = periodFromForm(form);
    if (!period)
      return setProblem({
        message: 'Enter how long, as a whole number of days, weeks, months or years.',
        code: 'BAD_USER_INPUT',
        field: 'period',
      });
    setBusy(true);
    const result = await client
      .mutation(
        UpdateRetentionSettingMutation,
        {
          input: {
            organization,
            category: setting?.category ?? text('category'),
            description: text('description'),
            period: periodOf(period),
            justification: text('justification') || null,
            trigger: text('trigger'),
            action: text('action') === 'ANONYMIZE' ? 'ANONYMIZE' : 'DELETE',
            legalBasis: text('legalBasis'),
            public: form.get('public') === 'on',
            expectedVersion: setting?.version ?? 0,
          },
          reason: text('reason'),
        },
        LIST_CONTEXT,
      )
      .toPromise();
    setBusy(false);
    if (result.error) return setProblem(fieldErrorOf(result.error));
    if (result.data) onSaved(readFragment(RetentionSettingFields, result.data.updateRetentionSetting));
  };
  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      {!setting && (
        <label>
          Category
          <span class="dash-field-hint">Lower-case words joined by hyphens, such as support-tickets.</span>
          <input name="category" required pattern="[a-z0-9-]+" {...invalid('category')} />
        </label>
      )}
      <label>
        Description
        <textarea name="description" rows={3} required defaultValue={setting?.description ?? ''} {...invalid('description')} />
      </label>
      <fieldset class="dash-period" {...invalid('period')}>
        <legend>Kept for</legend>
        {setting && !stored && (
          <p class="dash-field-hint">Now {describePeriod(setting.period)}, which one number and unit cannot say: enter the new period.</p>
        )}
        <div class="dash-period-row">
          {!indefinite && (
            <label>
              <span class="visually-hidden">Number of</span>
              <input
                name="periodAmount"
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                required
                defaultValue={stored?.kind === 'amount' ? String(stored.amount) : ''}
              />
            </label>
          )}
          <label>
            <span class="visually-hidden">Unit</span>
            {/* `selected` on the options: Preact has no defaultValue for a select. */}
            <select name="periodUnit" onChange={(event) => setIndefinite(event.currentTarget.value === 'indefinitely')}>
              {PERIOD_UNITS.map((unit) => (
                <option key={unit} value={unit} selected={storedUnit === unit}>
                  {unit}
                </option>
              ))}
              <option value="indefinitely" selected={storedUnit === 'indefinitely'}>
                indefinitely
              </option>
            </select>
          </label>
        </div>
      </fieldset>
      {indefinite && (
        <label>
          Why it is kept indefinitely
          <textarea name="justification" rows={3} required defaultValue={setting?.justification ?? ''} {...invalid('justification')} />
        </label>
      )}
      <label>
        The clock starts when
        <input name="trigger" required defaultValue={setting?.trigger ?? ''} {...invalid('trigger')} />
      </label>
      <label>
        Then the data is
        <select name="action" {...invalid('action')}>
          <option value="DELETE">deleted</option>
          <option value="ANONYMIZE" selected={setting?.action === 'ANONYMIZE'}>
            anonymized
          </option>
        </select>
      </label>
      <label>
        Legal basis
        <textarea name="legalBasis" rows={3} required defaultValue={setting?.legalBasis ?? ''} {...invalid('legalBasis')} />
      </label>
      <label class="dash-check">
        <input type="checkbox" name="public" defaultChecked={setting?.public ?? true} /> Published on the portal
      </label>
      <label>
        Reason for the change (kept with the version)
        <textarea name="reason" rows={2} required {...invalid('reason')} />
      </label>
      <FormProblem problem={problem} id={messageId} />
      <div class="dash-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save a new version'}
        </button>
      </div>
    </form>
  );
}

function History({ organization, category }: { organization: string; category: string }) {
  const [{ data, fetching, error }] = useQuery({
    query: RetentionHistoryQuery,
    variables: { organization, category },
    requestPolicy: 'network-only',
  });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return fetching ? <Loading label="Loading the history…" /> : null;
  const versions = readFragment(RetentionSettingFields, data.retentionHistory);
  return (
    <ol class="dash-timeline" reversed>
      {versions.map((version) => (
        <li key={version.id}>
          <strong>Version {version.version}</strong> · {version.periodDescription} · {version.changedBy ?? 'settings file'},{' '}
          {when(version.changedAt)}
          <p>{version.reason}</p>
        </li>
      ))}
    </ol>
  );
}

function Sweeps({ context }: { context: DashboardContext }) {
  const query = useQuery({ query: RetentionRunsQuery, variables: { organization: context.organization } });
  const [previewing, setPreviewing] = useState(false);
  const closePreview = useCallback(() => setPreviewing(false), []);
  return (
    <section aria-labelledby="sweeps-heading">
      <div class="dash-heading-row">
        <h2 id="sweeps-heading">Last sweeps</h2>
        {context.can('retention:write') && (
          <button type="button" class="dash-secondary" onClick={() => setPreviewing(true)}>
            Dry run
          </button>
        )}
      </div>
      <ListTable
        query={query}
        rows={(data) => data.retentionRuns.edges.map((edge) => edge.node)}
        loading="Loading sweeps…"
        empty="No sweep has run yet."
        caption="The last ten sweeps, newest first"
        columns={['Started', 'Status', 'By', 'Items removed, by rule']}
        cards={false}
      >
        {(run) => (
          <tr key={run.id}>
            <td>{when(run.startedAt)}</td>
            <td>{run.status === 'COMPLETED' ? 'completed' : 'running'}</td>
            <td>{run.startedBy === 'cli' ? 'command line' : 'schedule'}</td>
            <td>{run.rules.map((rule) => `${rule.category}: ${rule.count}`).join(' · ') || 'nothing to do'}</td>
          </tr>
        )}
      </ListTable>
      <Dialog open={previewing} title="Dry run: what a sweep would do now" onClose={closePreview}>
        {previewing && <DryRun organization={context.organization} />}
      </Dialog>
    </section>
  );
}

type PreviewRule = NonNullable<ResultOf<typeof RetentionDryRunQuery>['retentionDryRun']>['rules'][number];

const items = (count: number) => (count === 1 ? '1 item' : `${count} items`);

/** What one rule would do, in a sentence: how many items, from before which day, or why nothing. */
function outcomeInWords(rule: PreviewRule): string {
  if (rule.status === 'KEPT_INDEFINITELY') return 'Kept indefinitely: nothing is removed.';
  if (rule.status === 'NOT_ENFORCED') return 'Not enforced by this system: nothing is removed here.';
  if (!rule.cutoff) return rule.count === 0 ? 'Nothing to remove.' : `Would remove ${items(rule.count)}.`;
  return rule.count === 0 ? `Nothing older than ${day(rule.cutoff)}.` : `Would remove ${items(rule.count)} older than ${day(rule.cutoff)}.`;
}

function DryRun({ organization }: { organization: string }) {
  const [{ data, fetching, error }] = useQuery({ query: RetentionDryRunQuery, variables: { organization }, requestPolicy: 'network-only' });
  if (error) return <ErrorMessage error={error} />;
  if (!data?.retentionDryRun) return fetching ? <Loading label="Counting…" /> : null;
  return (
    <>
      <p>
        As of {when(data.retentionDryRun.at)}. Nothing was changed. A rule removes what its clock started before its cutoff: now less the
        period kept.
      </p>
      <table class="dash-table dash-table-cards">
        <caption>Per category</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Kept for</th>
            <th scope="col">A sweep now</th>
          </tr>
        </thead>
        <tbody>
          {data.retentionDryRun.rules.map((rule) => (
            <tr key={rule.category}>
              <RowTitle>{rule.category}</RowTitle>
              <td data-label="Kept for">{rule.period ? describePeriod(rule.period) : '—'}</td>
              <td data-label="A sweep now">{outcomeInWords(rule)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
