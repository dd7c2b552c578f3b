// Change notices: every change the organization announced to its
// subscribers (material policy versions and subprocessor list versions),
// with how many subscribers were told and how delivery went, and a signed
// record of each to download for a customer or an auditor. Its own screen
// rather than a part of Objections: it covers policy changes too, which have
// no objections, and its readers (auditors) check notices, not objections.
import { dateInWords } from '@governance/policies/vocabulary/words';
import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { ListTable, RowTitle } from '../components/ListTable.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Confirmation, ErrorMessage } from '../components/States.tsx';
import { saveTextFile } from '../download.ts';
import type { ResultOf } from '../graphql.ts';
import { AnnouncedChangesQuery, ExportPolicyEvidenceMutation } from '../operations/change-evidence.ts';
import { ExportEvidenceMutation } from '../operations/objections.ts';

type Change = ResultOf<typeof AnnouncedChangesQuery>['announcedChanges'][number];

export default function ChangeNoticesIsland() {
  return <Shell page="changes">{(context) => <ChangeNotices context={context} />}</Shell>;
}

const nameOf = (change: Change) => `${change.title} ${change.version}`;

function ChangeNotices({ context }: { context: DashboardContext }) {
  const query = useQuery({ query: AnnouncedChangesQuery, variables: { organization: context.organization } });
  const [confirmation, setConfirmation] = useState('');
  return (
    <div class="dash-page">
      <p class="dash-hint">
        Every change {context.organizationName} announced to the people who asked to be told: new versions of a policy that change what it
        means, and changes to the list of subprocessors. For each one, download a signed record of how many subscribers were sent a notice
        and whether it arrived, to show a customer or an auditor. The record names nobody.
      </p>
      <Confirmation message={confirmation} />
      <ListTable
        query={query}
        rows={(data) => data.announcedChanges}
        loading="Loading announced changes…"
        empty="No changes announced yet. The first version of a policy or of the subprocessor list is not announced."
        caption="Announced changes, newest first"
        columns={['Change', 'Announced', 'Takes effect', 'Notified', 'Delivered', 'Failed']}
        actions
      >
        {(change) => (
          <tr key={`${change.kind}:${change.document ?? ''}:${change.version}`}>
            <RowTitle>
              {nameOf(change)}
              <span class="change-notices-summary">{change.summary}</span>
            </RowTitle>
            <td data-label="Announced">{dateInWords(change.announcedAt)}</td>
            <td data-label="Takes effect">{dateInWords(change.effectiveAt)}</td>
            <td data-label="Notified">{change.notified}</td>
            <td data-label="Delivered">{change.delivered}</td>
            <td data-label="Failed">{change.failed}</td>
            <td class="dash-card-actions">
              <ExportButton
                context={context}
                change={change}
                onSaved={(fileName) => setConfirmation(`Downloaded the signed record of ${nameOf(change)} as ${fileName}.`)}
              />
            </td>
          </tr>
        )}
      </ListTable>
      <p class="dash-hint">
        Anyone holding the organization’s published key can check a record without this site:{' '}
        <code>pnpm cli evidence:verify &lt;file&gt; --keys &lt;key file&gt;</code>. A record changed by even one character fails the check.
      </p>
    </div>
  );
}

/** Signs the record of one change (each export is audited) and saves it. Its spoken name starts with the words it shows (WCAG 2.5.3). */
function ExportButton({ context, change, onSaved }: { context: DashboardContext; change: Change; onSaved: (fileName: string) => void }) {
  const [policy, exportPolicy] = useMutation(ExportPolicyEvidenceMutation);
  const [list, exportList] = useMutation(ExportEvidenceMutation);
  const [problem, setProblem] = useState('');
  // A subprocessor change's record names the objecting companies: it needs the objections' permission.
  if (change.kind === 'SUBPROCESSOR_LIST' && !context.can('subprocessor-objections:read')) return null;
  const exportRecord = async () => {
    setProblem('');
    const answer =
      change.kind === 'POLICY_VERSION'
        ? (
            await exportPolicy({
              organization: context.organization,
              document: change.document ?? '',
              version: change.version,
            })
          ).data?.exportPolicyChangeEvidence
        : (await exportList({ organization: context.organization, version: change.version })).data?.exportSubprocessorChangeEvidence;
    if (answer?.__typename === 'InputError') setProblem(answer.message);
    else if (answer && 'data' in answer) {
      saveTextFile(answer.data.fileName, answer.data.json);
      onSaved(answer.data.fileName);
    }
  };
  const fetching = policy.fetching || list.fetching;
  const error = policy.error ?? list.error;
  return (
    <>
      <button
        type="button"
        class="dash-secondary"
        onClick={exportRecord}
        disabled={fetching}
        aria-label={`Export signed record of ${nameOf(change)}`}
      >
        {fetching ? 'Signing…' : 'Export signed record'}
      </button>
      {error && <ErrorMessage error={error} />}
      {problem && (
        <p class="dash-error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
