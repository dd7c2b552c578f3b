// The words the requester's status page uses for each step: fixed phrases
// and what was meant for the requester (extension and outcome reasons),
// never staff notes or internal messages.
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { counted } from '@governance/policies/vocabulary/words';
import type { TimelineEntry } from './models.ts';

/** A step of the history, in words; `kinds` is what the request asked (a completed copy or correction deleted nothing). */
export function publicSummaryOf(event: TimelineEntry, kinds: readonly PrivacyRequestKind[] = ['DELETION']): string {
  switch (event.kind) {
    case 'SUBMITTED':
      return 'Request received.';
    case 'VERIFIED':
      return 'Email address confirmed.';
    case 'STARTED':
      return 'Work on the request started.';
    case 'HELD':
      return event.reason === 'IDENTITY_PROOF' ? 'On hold: waiting for proof of identity.' : 'On hold: waiting for information from you.';
    case 'RESUMED':
      return 'Work resumed.';
    case 'EXTENDED':
      return `Deadline extended by ${counted(event.extension?.amount ?? 0, event.extension?.unit ?? 'month')}: ${event.reason ?? ''}`;
    case 'COMPLETED':
      return kinds.includes('DELETION')
        ? 'Completed: your personal data was deleted. The signed receipt is available.'
        : 'Completed. The signed receipt is available.';
    case 'REJECTED':
      return `Declined: ${event.reason ?? ''}`;
    case 'CANCELLED':
      return `Cancelled: ${event.reason ?? ''}`;
    case 'EXPIRED':
      return 'Expired: the email address was not confirmed in time.';
    case 'PACKAGE_RELEASED':
      return 'Your data is ready: download it from this page.';
    case 'PACKAGE_DOWNLOADED':
      return 'Your data was downloaded.';
    case 'PACKAGE_LINK_REVOKED':
      return 'The download link for your data was withdrawn.';
    default:
      return 'Updated.';
  }
}
