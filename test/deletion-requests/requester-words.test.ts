// The words a requester reads that depend on what was asked: the link to the
// form names every kind it takes; a receipt states and proves what its own
// request asked (a copy or a correction deleted nothing), on the status page
// and in the completion mail alike; dates read in words in any time zone.
import { publicSummaryOf } from '@governance/api/deletion-requests/public-history';
import { completedMail } from '@governance/api/deletion-requests/requester-mail';
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import {
  receiptProves,
  receiptStates,
  requestFiguresTitle,
  requestFormLinkText,
  scopeHeading,
} from '@governance/policies/vocabulary/requester-words';
import { dateInWords, momentInWords } from '@governance/policies/vocabulary/words';
import { describe, expect, it } from 'vitest';

const ORGANIZATION = { id: 'o', slug: 'acme', name: 'Acme' };
const RECEIPT = {
  receipt: { reference: 'DR-2026-7K3Q9', scope: { summary: 'A copy of the account, sent', systems: ['crm'] } },
  signature: { algorithm: 'Ed25519' as const, publicKeyId: 'k', value: 'c2ln' },
};
const mailFor = (kinds: PrivacyRequestKind[]) =>
  completedMail('https://portal.test', ORGANIZATION, { reference: 'DR-2026-7K3Q9', email: 'a@example.com', kinds }, RECEIPT).text;

describe('the offer of the request form', () => {
  it('names a copy, a correction and deletion, and calls the figures privacy requests', () => {
    expect(requestFormLinkText('Acme')).toBe('Ask Acme for a copy of your data, to correct it or to delete it');
    expect(requestFiguresTitle('Acme')).toBe('Privacy requests to Acme, in figures');
  });
});

describe('what a receipt states and proves', () => {
  it('speaks of deletion only for a request that asked for it', () => {
    expect(receiptStates(['DELETION'])).toBe(
      'which request was completed, when, and what was deleted from where (and anything kept, and why)',
    );
    expect(receiptProves(['DELETION'])).toBe('that your data was deleted');
    for (const kinds of [['ACCESS'], ['PORTABILITY'], ['CORRECTION'], ['ACCESS', 'CORRECTION']] as PrivacyRequestKind[][]) {
      expect(`${receiptStates(kinds)} ${receiptProves(kinds)} ${scopeHeading(kinds)}`).not.toMatch(/delet/i);
    }
    expect(scopeHeading(['ACCESS'])).toBe('What was done');
    expect(scopeHeading(['CORRECTION', 'DELETION'])).toBe('What was deleted');
  });

  it('says a copy once for access and portability together, and each kind of a mixed request in the kinds’ order', () => {
    expect(receiptProves(['PORTABILITY', 'ACCESS'])).toBe('that you were given a copy of your data');
    expect(receiptProves(['CORRECTION', 'ACCESS'])).toBe(
      'that you were given a copy of your data and what was decided on the corrections you asked for',
    );
    expect(receiptStates(['CORRECTION'])).toBe(
      'which request was completed, when, and what was decided on each correction you asked for (the fields, never what they say)',
    );
  });

  it('says what any receipt does where the request is not known yet', () => {
    expect(receiptStates(null)).toContain('what was deleted, given or corrected');
    expect(receiptProves(null)).toBe('what was done with your request');
  });
});

describe("the status page's history", () => {
  it('says a completed request deleted the data only when it asked for deletion', () => {
    const completed = { kind: 'COMPLETED' } as never;
    expect(publicSummaryOf(completed, ['ACCESS', 'CORRECTION'])).toBe('Completed. The signed receipt is available.');
    expect(publicSummaryOf(completed, ['DELETION'])).toBe('Completed: your personal data was deleted. The signed receipt is available.');
  });
});

describe('the completion mail', () => {
  it('tells a person who asked for a copy that the receipt proves the copy, and never that anything was deleted', () => {
    const text = mailFor(['ACCESS']);
    expect(text).toContain('What was done:');
    expect(text).toContain('if you ever need to prove that you were given a copy of your data, it is your evidence');
    expect(text).not.toMatch(/delet/i);
  });

  it('tells a person who asked for deletion that the receipt proves it', () => {
    const text = mailFor(['DELETION']);
    expect(text).toContain('What was deleted:');
    expect(text).toContain('if you ever need to prove that your data was deleted, it is your evidence');
  });
});

describe('dates in words', () => {
  it('read day, month in words and year in UTC, and in a reader’s own zone', () => {
    expect(dateInWords('2026-11-22T03:00:00.000Z')).toBe('22 November 2026');
    expect(dateInWords('2026-11-22T03:00:00.000Z', 'America/Los_Angeles')).toBe('21 November 2026');
    expect(momentInWords('2026-11-22T03:05:00.000Z')).toBe('22 November 2026, 03:05 UTC');
    expect(momentInWords('2026-11-22T03:05:00.000Z', 'America/Los_Angeles')).toBe('21 November 2026, 19:05 GMT-8');
  });
});
