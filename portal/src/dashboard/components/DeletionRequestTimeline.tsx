// A request's timeline as sentences: who did what, by name, with what they
// said ("Jane Doe extended the deadline by 1 month: …"). Internal steps are
// marked, since the requester's status page never shows them.
import type { ResultOf } from '../graphql.ts';
import type { RequestFields } from '../operations/deletion-requests.ts';
import { HOLD_WAITS_FOR } from './DeletionRequestLabels.tsx';

type TimelineEvent = ResultOf<typeof RequestFields>['timeline'][number];

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** 'requester' and 'system' are roles the API names; anyone else is a staff member (or token) by name. */
function who(actor: string): string {
  if (actor === 'requester') return 'The requester';
  if (actor === 'system') return 'The portal';
  return actor;
}

const plural = (amount: number, unit: string) => `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;

/** One step as a sentence; what was said (a reason, a note) follows after a colon. */
export function timelineSentence(event: TimelineEvent): string {
  const actor = who(event.actor);
  const said = (text: string | null | undefined) => (text ? `: ${text}` : '.');
  switch (event.kind) {
    case 'SUBMITTED':
      return `${actor} sent the request.`;
    case 'VERIFIED':
      return event.actor === 'requester'
        ? 'The requester confirmed their email address.'
        : `${actor} verified the requester manually${said(event.reason)}`;
    case 'ASSIGNED':
      if (!event.assigneeName) return `${actor} took the request off everyone's list.`;
      return event.assigneeName === event.actor
        ? `${actor} took on the request.`
        : `${actor} assigned the request to ${event.assigneeName}.`;
    case 'NOTE':
      return `${actor} added a note${said(event.note)}`;
    case 'STARTED':
      return `${actor} started work on the request.`;
    case 'HELD':
      return `${actor} put the request on hold, waiting for ${HOLD_WAITS_FOR[event.holdReason ?? 'OTHER']}${said(event.message)}`;
    case 'RESUMED':
      return `${actor} resumed work on the request.`;
    case 'EXTENDED':
      return `${actor} extended the deadline${event.extension ? ` by ${plural(event.extension.amount, event.extension.unit)}` : ''}${said(event.reason)}`;
    case 'COMPLETED':
      return `${actor} completed the request and the signed receipt was issued.`;
    case 'REJECTED':
      return `${actor} rejected the request${said(event.reason)}`;
    case 'CANCELLED':
      return `${actor} cancelled the request${said(event.reason)}`;
    case 'EXPIRED':
      return 'The request expired: the email address was not confirmed in time.';
    case 'CORRECTIONS_DECIDED':
      return `${actor} saved decisions on the corrections.`;
    case 'PERSONAL_DATA_ERASED':
      return "The requester's personal data was erased, as the retention settings require.";
    default:
      return `${actor}: ${event.kind.toLowerCase().replaceAll('_', ' ')}.`;
  }
}

export function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Timeline</h3>
      <ol class="dash-timeline">
        {events.map((event) => (
          <li key={event.id}>
            <p>
              {timelineSentence(event)}
              {!event.public && <span class="dash-hint"> (internal: the requester does not see this)</span>}
            </p>
            <time class="dash-hint" dateTime={event.occurredAt}>
              {when(event.occurredAt)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
