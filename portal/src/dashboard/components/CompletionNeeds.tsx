// The top of the completion dialog: for each kind the request asks, where
// its answer stands. A copy shows its sealed package (SHA-256 and size) or
// says it is not sealed yet; a correction shows each item's decision and who
// was told; and whatever is still missing is named, so completion is offered
// only when nothing is (completion-needs.ts decides what that is).
import { CORRECTION_DECISION_LABELS, type CorrectionDecision } from '@governance/policies/vocabulary/privacy-request-items';
import type { CombinedError } from '@urql/core';
import { useQuery } from '@urql/preact';
import { asksForCopy, blockerSentence, type CompletionBlocker, type CompletionFacts, completionBlockers } from '../completion-needs.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import { CorrectionFields } from '../operations/corrections.ts';
import type { RequestFields } from '../operations/deletion-requests.ts';
import { PackageFields, PrivacyPackageQuery } from '../operations/privacy-packages.ts';
import { longDate } from './DeletionRequestLabels.tsx';
import { ErrorMessage } from './States.tsx';

type Request = ResultOf<typeof RequestFields>;
type Corrections = ResultOf<typeof CorrectionFields>;

export interface CompletionState {
  facts: CompletionFacts;
  blockers: CompletionBlocker[];
  corrections: Corrections;
  packageError: CombinedError | undefined;
}

/**
 * What the dialog knows of the request's answers. The package is read with
 * the data package panel's own query (the same cache entry, refreshed when
 * the dialog opens), so a package sealed a moment ago counts.
 */
export function useCompletionState(request: Request, active: boolean): CompletionState {
  const copy = asksForCopy(request.kinds);
  const [{ data, error }] = useQuery({
    query: PrivacyPackageQuery,
    variables: { id: request.id },
    pause: !active || !copy,
    requestPolicy: 'cache-and-network',
  });
  const corrections = readFragment(CorrectionFields, request);
  const sealed = data?.deletionRequest ? readFragment(PackageFields, data.deletionRequest).dataPackage : undefined;
  const facts: CompletionFacts = { kinds: request.kinds, dataPackage: sealed, corrections: corrections.corrections };
  return { facts, blockers: completionBlockers(facts), corrections, packageError: error };
}

export function CompletionNeeds({ state }: { state: CompletionState }) {
  const { facts, blockers, corrections, packageError } = state;
  return (
    <div class="dash-completion-needs">
      {asksForCopy(facts.kinds) && (
        <section aria-labelledby="completion-package-heading">
          <h3 id="completion-package-heading">Data package</h3>
          {packageError ? <ErrorMessage error={packageError} /> : <PackageLine sealed={facts.dataPackage} />}
        </section>
      )}
      {facts.kinds.includes('CORRECTION') && (
        <section aria-labelledby="completion-corrections-heading">
          <h3 id="completion-corrections-heading">Corrections</h3>
          <ul class="dash-completion-items">
            {corrections.corrections.map((item) => (
              <li key={item.id}>
                Item {item.position} ("{item.field}"):{' '}
                {item.decision ? (
                  <>
                    <strong>{CORRECTION_DECISION_LABELS[item.decision as CorrectionDecision]}</strong>
                    {item.decisionReason ? ` — ${item.decisionReason}` : ''}
                  </>
                ) : (
                  <strong>not decided yet</strong>
                )}
              </li>
            ))}
          </ul>
          <p>
            {corrections.correctionRecipients.length > 0
              ? `Told of the corrections: ${corrections.correctionRecipients.map((recipient) => recipient.name).join(', ')}.`
              : 'Nobody is recorded as told of the corrections. If the data was given to anyone, record them under "Corrections asked for" first.'}
          </p>
        </section>
      )}
      {blockers.length > 0 && (
        <div class="dash-completion-blockers" role="note" aria-labelledby="completion-blockers-heading">
          <h3 id="completion-blockers-heading">Before you can complete this request</h3>
          <ul>
            {blockers.map((blocker) => (
              <li key={blocker.reason === 'CORRECTION_UNDECIDED' ? `item-${blocker.position}` : blocker.reason}>
                {blockerSentence(blocker)}
              </li>
            ))}
          </ul>
          <p class="dash-field-hint">Close this dialog, do what is listed, then choose Complete again.</p>
        </div>
      )}
    </div>
  );
}

function PackageLine({ sealed }: { sealed: CompletionFacts['dataPackage'] }) {
  if (sealed === undefined) return <p>Reading the data package…</p>;
  if (sealed === null) return <p>Not sealed yet.</p>;
  return (
    <p>
      Sealed {longDate(sealed.sealedAt)}: SHA-256 <code class="dash-package-hash">{sealed.sha256}</code> (
      {sealed.sizeBytes.toLocaleString('en')} bytes). The person downloads it from their status page, and the receipt names it.
    </p>
  );
}
