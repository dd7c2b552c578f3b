// API tokens of the organization (admins): the list, a new token whose value
// is shown once with a copy button, and revoking with a confirmation.
import { useMutation, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { DialogResult } from '../components/DialogResult.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { ListTable, RowTitle } from '../components/ListTable.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Confirmation } from '../components/States.tsx';
import { fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import { useFormProblem } from '../hooks/useFormProblem.ts';
import { ApiTokenFields, ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from '../operations/tokens.ts';

type Token = ResultOf<typeof ApiTokenFields>;

const SCOPES = [
  { value: 'POLICIES_READ', label: 'Policies' },
  { value: 'RETENTION_READ', label: 'Retention settings' },
  { value: 'DELETION_REQUESTS_READ', label: 'Privacy requests' },
  { value: 'AUDIT_READ', label: 'Audit trail' },
] as const;

const LIST_CONTEXT = { additionalTypenames: ['ApiToken'] };

export default function ApiTokensIsland() {
  return <Shell page="tokens">{(context) => <ApiTokens context={context} />}</Shell>;
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

function statusOf(token: Token): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return 'expired';
  return 'active';
}

function ApiTokens({ context }: { context: DashboardContext }) {
  const query = useQuery({
    query: ApiTokensQuery,
    variables: { organization: context.organization },
    // An empty list names no type, so tell the cache which mutations refresh it.
    context: LIST_CONTEXT,
  });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const closeCreate = useCallback(() => setCreating(false), []);
  const closeRevoke = useCallback(() => setRevoking(null), []);
  return (
    <div class="dash-page">
      <div class="dash-heading-row">
        <button type="button" onClick={() => setCreating(true)}>
          Create token
        </button>
      </div>
      <Confirmation message={confirmation} />
      <p class="dash-hint">
        Tokens give tools read access to {context.organizationName}. Send them as Authorization: Bearer &lt;token&gt;.
      </p>
      <ListTable
        query={query}
        rows={(data) => readFragment(ApiTokenFields, data.apiTokens)}
        loading="Loading tokens…"
        empty="No API tokens yet."
        caption="Tokens, newest first"
        columns={['Name', 'Starts with', 'Reads', 'Created', 'Expires', 'Last used', 'Status']}
        actions
      >
        {(token) => {
          const status = statusOf(token);
          return (
            <tr key={token.id}>
              <RowTitle>{token.name}</RowTitle>
              <td data-label="Starts with">
                <code>{token.prefix}…</code>
              </td>
              <td data-label="Reads">
                {token.scopes.map((scope) => SCOPES.find((known) => known.value === scope)?.label ?? scope).join(', ')}
              </td>
              <td data-label="Created">{day(token.createdAt)}</td>
              <td data-label="Expires">{day(token.expiresAt)}</td>
              <td data-label="Last used">{day(token.lastUsedAt)}</td>
              <td data-label="Status">
                <span class={`dash-badge dash-badge-${status}`}>{status}</span>
              </td>
              <td class="dash-card-actions">
                {status === 'active' && (
                  <button type="button" class="dash-danger" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          );
        }}
      </ListTable>
      <Dialog open={creating} title="Create an API token" onClose={closeCreate}>
        <CreateTokenForm organization={context.organization} onDone={closeCreate} />
      </Dialog>
      <Dialog open={revoking !== null} title="Revoke this token?" onClose={closeRevoke}>
        {revoking && (
          <ConfirmAction
            mutation={RevokeApiTokenMutation}
            variables={{ organization: context.organization, id: revoking.id }}
            action="Revoke token"
            onCancel={closeRevoke}
            onDone={() => {
              setConfirmation(`${revoking.name} was revoked: tools using it are refused from now on.`);
              closeRevoke();
            }}
          >
            Tools using <strong>{revoking.name}</strong> (<code>{revoking.prefix}…</code>) will be refused from now on. This cannot be
            undone.
          </ConfirmAction>
        )}
      </Dialog>
    </div>
  );
}

function CreateTokenForm({ organization, onDone }: { organization: string; onDone: () => void }) {
  const [{ fetching }, create] = useMutation(CreateApiTokenMutation);
  const { problem, setProblem, messageId, invalid } = useFormProblem();
  const [secret, setSecret] = useState<string | null>(null);

  if (secret) {
    return (
      <DialogResult onDone={onDone}>
        <SecretOnce label="The new token." value={secret} />
      </DialogResult>
    );
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const expires = String(form.get('expiresAt') ?? '');
    const result = await create({
      input: {
        organization,
        name: String(form.get('name') ?? ''),
        scopes: form.getAll('scopes').map(String) as (typeof SCOPES)[number]['value'][],
        // The end of the chosen day, UTC.
        ...(expires ? { expiresAt: `${expires}T23:59:59.999Z` } : {}),
      },
    });
    if (result.error) setProblem(fieldErrorOf(result.error));
    else if (result.data) setSecret(result.data.createApiToken.secret);
  };

  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      <FormProblem problem={problem} id={messageId} />
      <label>
        Name
        <span class="dash-field-hint">What uses it, for example “Vendor review tool”.</span>
        <input name="name" required maxLength={100} {...invalid('name')} />
      </label>
      <fieldset {...invalid('scopes')}>
        <legend>May read</legend>
        {SCOPES.map((scope) => (
          <label key={scope.value} class="dash-check">
            <input type="checkbox" name="scopes" value={scope.value} defaultChecked={scope.value === 'POLICIES_READ'} /> {scope.label}
          </label>
        ))}
      </fieldset>
      <label>
        Expires (optional)
        <input name="expiresAt" type="date" {...invalid('expiresAt')} />
      </label>
      <FormActions submit={fetching ? 'Creating…' : 'Create token'} disabled={fetching} onCancel={onDone} />
    </form>
  );
}
