// The answer to an access or portability request: staff paste the
// requester's data (grouped by category and system), seal it once, and then
// see its fingerprint, its download link on the requester's status page, and
// the identity proof the organization may require before it is released;
// they can withdraw the link or issue a new one. The requester downloads it
// only from the status page; the mail says it is ready and never contains it.
import type { CombinedError } from '@urql/core';
import { useClient, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import {
  PackageFields,
  PrivacyPackageQuery,
  RecordIdentityProofMutation,
  ReissuePackageLinkMutation,
  RevokePackageLinkMutation,
  SealPackageMutation,
} from '../operations/privacy-packages.ts';
import { longDate } from './DeletionRequestLabels.tsx';
import { ErrorMessage, Loading } from './States.tsx';

type Request = ResultOf<typeof PackageFields>;
type Item = { category: string; system: string; fields: { name: string; value: string }[] };

const EXAMPLE = `[
  { "category": "Account", "system": "Accounts database",
    "fields": [{ "name": "Email", "value": "me@example.com" }] }
]`;

const LINK_STATES = {
  LIVE: 'ready to download',
  EXPIRED: 'expired',
  EXHAUSTED: 'all downloads used',
  REVOKED: 'withdrawn',
} as const;

/** The pasted JSON as items, or what is wrong with it in words. */
function itemsOf(text: string): { items: Item[] } | { problem: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return { problem: 'Paste a list: [ { "category", "system", "fields": [ { "name", "value" } ] } ].' };
    return { items: parsed as Item[] };
  } catch {
    return { problem: 'This is not valid JSON. Check the brackets, commas and quotes.' };
  }
}

type Outcome = { __typename: string; message?: string; field?: string | null };

/** What refused the action, in words; null when it succeeded. */
async function refusalOf(run: () => Promise<{ error?: CombinedError | undefined; data?: unknown }>): Promise<string | null> {
  const result = await run();
  if (result.error) return fieldErrorOf(result.error).message;
  const outcome = Object.values((result.data ?? {}) as Record<string, Outcome>)[0];
  if (outcome?.__typename !== 'InputError') return null;
  return outcome.field ? `${outcome.message} (${outcome.field})` : (outcome.message ?? 'Refused.');
}

export function PrivacyPackagePanel({ id, canWrite }: { id: string; canWrite: boolean }) {
  const client = useClient();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: PrivacyPackageQuery, variables: { id } });
  const [problem, setProblem] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  if (error) return <ErrorMessage error={error} />;
  if (!data?.deletionRequest) return fetching ? <Loading label="Loading the data package…" /> : null;
  const request = readFragment(PackageFields, data.deletionRequest);
  if (!request.kinds.includes('ACCESS') && !request.kinds.includes('PORTABILITY')) return null;
  const run = async (action: () => Promise<{ error?: CombinedError | undefined; data?: unknown }>, done: string) => {
    setBusy(true);
    setProblem('');
    setConfirmation('');
    const refused = await refusalOf(action);
    setBusy(false);
    if (refused) return setProblem(refused);
    setConfirmation(done);
    reexecute({ requestPolicy: 'network-only' });
  };
  const sealed = request.dataPackage;
  return (
    <section class="dash-package" aria-labelledby="package-heading">
      <h3 id="package-heading">Data package</h3>
      {sealed ? (
        <PackageFacts sealed={sealed} />
      ) : (
        <p>The requester asked for a copy of their data. Seal a package to answer: it cannot be changed afterwards.</p>
      )}
      {canWrite && !sealed && (
        <form
          class="dash-form"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = itemsOf(String(new FormData(event.currentTarget).get('items') ?? ''));
            if ('problem' in parsed) return setProblem(parsed.problem);
            void run(
              () => client.mutation(SealPackageMutation, { id, items: parsed.items }).toPromise(),
              `The package of ${request.reference} is sealed.`,
            );
          }}
          noValidate
        >
          <div class="dash-field">
            <label for="package-items">The requester's data, as JSON: one entry per category and system</label>
            <textarea
              id="package-items"
              name="items"
              rows={8}
              placeholder={EXAMPLE}
              {...(problem ? { 'aria-invalid': 'true', 'aria-describedby': 'package-problem' } : {})}
            />
          </div>
          <div class="dash-actions">
            <button type="submit" disabled={busy}>
              Seal the package
            </button>
          </div>
        </form>
      )}
      {canWrite && sealed && !sealed.erasedAt && (
        <div class="dash-actions">
          {sealed.identityProofRequired && !sealed.identityProvedAt && (
            <form
              class="dash-form"
              onSubmit={(event) => {
                event.preventDefault();
                const method = String(new FormData(event.currentTarget).get('method') ?? '');
                void run(
                  () => client.mutation(RecordIdentityProofMutation, { id, method }).toPromise(),
                  'Identity proof recorded; the package is released.',
                );
              }}
            >
              <div class="dash-field">
                <label for="package-proof">How was the requester's identity proved?</label>
                <input id="package-proof" name="method" maxLength={200} />
              </div>
              <button type="submit" disabled={busy}>
                Record proof and release
              </button>
            </form>
          )}
          {sealed.link?.state === 'LIVE' && (
            <button
              type="button"
              class="dash-danger"
              disabled={busy}
              onClick={() => run(() => client.mutation(RevokePackageLinkMutation, { id }).toPromise(), 'The download link is withdrawn.')}
            >
              Withdraw the link
            </button>
          )}
          {(!sealed.identityProofRequired || sealed.identityProvedAt) && (
            <button
              type="button"
              class="dash-secondary"
              disabled={busy}
              onClick={() =>
                run(
                  () => client.mutation(ReissuePackageLinkMutation, { id }).toPromise(),
                  'A new download link is issued; the requester was told.',
                )
              }
            >
              Issue a new link
            </button>
          )}
        </div>
      )}
      {problem && (
        <p id="package-problem" class="dash-error" role="alert">
          {problem}
        </p>
      )}
      <p class={confirmation ? 'dash-confirmation' : 'dash-confirmation-empty'} role="status">
        {confirmation}
      </p>
    </section>
  );
}

function PackageFacts({ sealed }: { sealed: NonNullable<Request['dataPackage']> }) {
  const link = sealed.link;
  return (
    <dl class="dash-facts">
      <dt>Sealed</dt>
      <dd>{longDate(sealed.sealedAt)}</dd>
      <dt>SHA-256</dt>
      <dd>
        <code class="dash-package-hash">{sealed.sha256}</code> ({sealed.sizeBytes.toLocaleString('en')} bytes)
      </dd>
      <dt>Identity proof</dt>
      <dd>
        {sealed.identityProvedAt
          ? `recorded ${longDate(sealed.identityProvedAt)}: ${sealed.identityProofMethod ?? ''}`
          : sealed.identityProofRequired
            ? 'required before release: not recorded yet'
            : 'not required by the organization'}
      </dd>
      <dt>Download link</dt>
      <dd>
        {sealed.erasedAt
          ? `contents erased ${longDate(sealed.erasedAt)} (the fingerprint stays)`
          : link
            ? `${LINK_STATES[link.state]}: ${link.downloads} of ${link.maxDownloads} downloads, until ${longDate(link.expiresAt)}`
            : 'none issued'}
      </dd>
    </dl>
  );
}
