// Retention settings of the organization: the current schedule (public or
// not) with what enforces each entry, an edit form that needs a reason, the
// history of each setting, the last sweeps with their counts, and a dry run
// that shows what a sweep would do now without changing anything.

import { permissionToChangeRetention } from '@governance/policies/vocabulary/access';
import { useClient, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { Dialog } from '../components/Dialog.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { ErrorMessage, ListStates, Loading } from '../components/States.tsx';
import { type FieldError, fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
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

export default function RetentionSettingsIsland() {
  return <Shell page="retention">{(context) => <RetentionSettings context={context} />}</Shell>;
}

function RetentionSettings({ context }: { context: DashboardContext }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RetentionSettingsQuery,
    variables: { organization: context.organization },
    context: LIST_CONTEXT,
  });
  const [editing, setEditing] = useState<Setting | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const closeEdit = useCallback(() => setEditing(null), []);
  const closeHistory = useCallback(() => setHistory(null), []);
  const settings = data ? readFragment(RetentionSettingFields, data.retentionSettings) : null;
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
      <ListStates
        error={error}
        fetching={fetching}
        items={settings}
        retry={() => reexecute({ requestPolicy: 'network-only' })}
        loading="Loading retention settings…"
        empty="No retention settings yet."
      />
      {settings && settings.length > 0 && (
        <div class="dash-table-wrap">
          <table class="dash-table">
            <caption>Current settings, by category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Kept for</th>
                <th scope="col">From</th>
                <th scope="col">Then</th>
                <th scope="col">Published</th>
                <th scope="col">Enforced</th>
                <th scope="col">Version</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {settings.map((setting) => (
                <tr key={setting.id}>
                  <td>
                    <strong>{setting.category}</strong>
                    <br />
                    <span class="dash-hint">{setting.description}</span>
                  </td>
                  <td>{setting.periodDescription}</td>
                  <td>{setting.trigger}</td>
                  <td>{setting.action === 'DELETE' ? 'deleted' : 'anonymized'}</td>
                  <td>{setting.public ? 'yes' : 'no'}</td>
                  <td>{setting.enforcement.enforced ? `yes (${setting.enforcement.rule})` : setting.enforcement.note}</td>
                  <td>
                    {setting.version} · {setting.changedBy ?? 'settings file'}, {when(setting.changedAt).slice(0, 10)}
                  </td>
                  <td>
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
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? 'Add a retention category' : `Edit ${editing?.category ?? ''}`}
        onClose={closeEdit}
      >
        {editing && <SettingForm organization={context.organization} setting={editing === 'new' ? null : editing} onDone={closeEdit} />}
      </Dialog>
      <Dialog open={history !== null} title={`History of ${history ?? ''}`} onClose={closeHistory}>
        {history && <History organization={context.organization} category={history} />}
      </Dialog>
      <Sweeps context={context} />
    </div>
  );
}

function SettingForm({ organization, setting, onDone }: { organization: string; setting: Setting | null; onDone: () => void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FieldError | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    const result = await client
      .mutation(
        UpdateRetentionSettingMutation,
        {
          input: {
            organization,
            category: setting?.category ?? text('category'),
            description: text('description'),
            period: text('period'),
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
    onDone();
  };
  const invalid = (field: string) =>
    problem?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'setting-problem' } : {};
  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      {!setting && (
        <label>
          Category (a slug, e.g. support-tickets)
          <input name="category" required pattern="[a-z0-9-]+" {...invalid('category')} />
        </label>
      )}
      <label>
        Description
        <input name="description" required defaultValue={setting?.description ?? ''} {...invalid('description')} />
      </label>
      <label>
        Kept for (ISO 8601: P30D, P24M, P1Y — or INDEFINITE)
        <input name="period" required defaultValue={setting?.period ?? ''} {...invalid('period')} />
      </label>
      <label>
        Justification (required for INDEFINITE)
        <input name="justification" defaultValue={setting?.justification ?? ''} {...invalid('justification')} />
      </label>
      <label>
        The clock starts when
        <input name="trigger" required defaultValue={setting?.trigger ?? ''} {...invalid('trigger')} />
      </label>
      <label>
        Then the data is
        <select name="action" defaultValue={setting?.action ?? 'DELETE'} {...invalid('action')}>
          <option value="DELETE">deleted</option>
          <option value="ANONYMIZE">anonymized</option>
        </select>
      </label>
      <label>
        Legal basis
        <input name="legalBasis" required defaultValue={setting?.legalBasis ?? ''} {...invalid('legalBasis')} />
      </label>
      <label class="dash-check">
        <input type="checkbox" name="public" defaultChecked={setting?.public ?? true} /> Published on the portal
      </label>
      <label>
        Reason for the change (kept with the version)
        <textarea name="reason" rows={2} required {...invalid('reason')} />
      </label>
      {problem && (
        <p id="setting-problem" class="dash-error" role="alert">
          {problem.message}
        </p>
      )}
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
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RetentionRunsQuery, variables: { organization: context.organization } });
  const [previewing, setPreviewing] = useState(false);
  const closePreview = useCallback(() => setPreviewing(false), []);
  const runs = data?.retentionRuns.edges.map((edge) => edge.node) ?? null;
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
      <ListStates
        error={error}
        fetching={fetching}
        items={runs}
        retry={() => reexecute({ requestPolicy: 'network-only' })}
        loading="Loading sweeps…"
        empty="No sweep has run yet."
      />
      {runs && runs.length > 0 && (
        <div class="dash-table-wrap">
          <table class="dash-table">
            <caption>The last ten sweeps, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Items removed, by rule</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt)}</td>
                  <td>{run.status === 'COMPLETED' ? 'completed' : 'running'}</td>
                  <td>{run.startedBy === 'cli' ? 'command line' : 'schedule'}</td>
                  <td>{run.rules.map((rule) => `${rule.category}: ${rule.count}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={previewing} title="Dry run: what a sweep would do now" onClose={closePreview}>
        {previewing && <DryRun organization={context.organization} />}
      </Dialog>
    </section>
  );
}

const STATUS_WORDS: Record<string, string> = {
  SWEPT: 'would act',
  KEPT_INDEFINITELY: 'kept indefinitely',
  NOT_ENFORCED: 'not enforced by this system',
};

function DryRun({ organization }: { organization: string }) {
  const [{ data, fetching, error }] = useQuery({ query: RetentionDryRunQuery, variables: { organization }, requestPolicy: 'network-only' });
  if (error) return <ErrorMessage error={error} />;
  if (!data?.retentionDryRun) return fetching ? <Loading label="Counting…" /> : null;
  return (
    <>
      <p>As of {when(data.retentionDryRun.at)}. Nothing was changed.</p>
      <table class="dash-table">
        <caption>Per category</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Rule</th>
            <th scope="col">Items due</th>
          </tr>
        </thead>
        <tbody>
          {data.retentionDryRun.rules.map((rule) => (
            <tr key={rule.category}>
              <td>{rule.category}</td>
              <td>{STATUS_WORDS[rule.status] ?? rule.status}</td>
              <td>{rule.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
