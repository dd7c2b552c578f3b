// What an erasure kept, and why (GDPR Art. 17(3), CCPA §1798.105(d)): staff
// state it item by item when they complete the request; the requester reads
// it on the status page, in the completion mail and in the signed receipt.
// Pure rules; refusals name the input path, like `retained[1].until`.
import { RETAINED_LIMITS, RETENTION_BASES, type RetentionBasis } from '@governance/policies/vocabulary/privacy-request-items';
import { DomainError } from '../shared/domain-error.ts';
import { hasNul, NUL_MESSAGE } from '../shared/input-checks.ts';

export type { RetentionBasis };
export { RETENTION_BASES };

export interface RetainedItem {
  basis: RetentionBasis;
  description: string;
  /** A calendar date (YYYY-MM-DD) until which it is kept; null when no end date can be given. */
  until: string | null;
}

export interface RetainedItemInput {
  basis: RetentionBasis;
  description: string;
  until?: string | null;
}

const refuse = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (no 31 February). */
function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function validatedRetainedItems(items: readonly RetainedItemInput[], today: Date): RetainedItem[] {
  if (items.length > RETAINED_LIMITS.items) throw refuse('retained', `Name at most ${RETAINED_LIMITS.items} kept items.`);
  return items.map((item, index) => {
    const at = `retained[${index}]`;
    if (!RETENTION_BASES.includes(item.basis)) throw refuse(`${at}.basis`, 'Choose why it was kept.');
    const description = item.description.trim();
    if (hasNul(description)) throw refuse(`${at}.description`, `What was kept ${NUL_MESSAGE}.`);
    if (description === '') throw refuse(`${at}.description`, 'Say what was kept.');
    if (description.length > RETAINED_LIMITS.description) {
      throw refuse(
        `${at}.description`,
        `What was kept must have at most ${RETAINED_LIMITS.description.toLocaleString('en-GB')} characters.`,
      );
    }
    const until = (item.until ?? '').trim();
    if (until !== '' && !isCalendarDate(until)) throw refuse(`${at}.until`, 'Give the date as YYYY-MM-DD, like 2031-12-31.');
    if (until !== '' && until < today.toISOString().slice(0, 10))
      throw refuse(`${at}.until`, 'The date it is kept until cannot be in the past.');
    return { basis: item.basis, description, until: until === '' ? null : until };
  });
}
