// What a request asks for, one line per kind, with where each stands, and
// how often the same person asked in the twelve months up to it (GDPR Art.
// 12(5); the CCPA's two copies a year). A kind is done when the request is
// completed: the request is answered as one. The strands that give each kind
// its own answer (a package for a copy, decisions for a correction) refine
// the line of their kind here.
import { KIND_NAMES, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';

type KindState = 'TO_DO' | 'DONE' | 'NOT_DONE';

const STATE_WORDS: Record<KindState, string> = { TO_DO: 'To do', DONE: 'Done', NOT_DONE: 'Not done' };
const CLOSED_WITHOUT_ANSWER = new Set(['REJECTED', 'CANCELLED', 'EXPIRED']);

export function kindState(status: string): KindState {
  if (status === 'COMPLETED') return 'DONE';
  return CLOSED_WITHOUT_ANSWER.has(status) ? 'NOT_DONE' : 'TO_DO';
}

export interface FromSamePerson {
  lastTwelveMonths: number;
  dataCopiesLastTwelveMonths: number;
  dataCopyLimitReached: boolean;
}

const requests = (count: number) => `${count} request${count === 1 ? '' : 's'}`;

export function KindChecklist({
  kinds,
  status,
  fromSamePerson,
}: {
  kinds: readonly PrivacyRequestKind[];
  status: string;
  fromSamePerson: FromSamePerson;
}) {
  const state = kindState(status);
  const others = fromSamePerson.lastTwelveMonths - 1;
  return (
    <section class="dash-kinds" aria-labelledby="kinds-heading">
      <h3 id="kinds-heading">What the person asked for</h3>
      <ul class="dash-kind-checklist">
        {kinds.map((kind) => (
          <li key={kind} class={`dash-kind-line dash-kind-state-${state.toLowerCase().replace('_', '-')}`}>
            <span class="dash-kind-name">{KIND_NAMES[kind]}</span>
            <span class="dash-kind-state">{STATE_WORDS[state]}</span>
          </li>
        ))}
      </ul>
      <p class="dash-kind-history">
        {others === 0
          ? 'No other request from this person in the 12 months up to this one.'
          : `${requests(fromSamePerson.lastTwelveMonths)} from this person in the 12 months up to this one, this one included (${fromSamePerson.dataCopiesLastTwelveMonths} asking for a copy).`}
      </p>
      {fromSamePerson.dataCopyLimitReached && (
        <p class="dash-kind-limit" role="note">
          This person asked for a copy of their data at least twice before in these 12 months. Under the CCPA you need not provide a third;
          under the GDPR, consider whether the requests are manifestly excessive (Art. 12(5)) and give the reason if you refuse.
        </p>
      )}
    </section>
  );
}
