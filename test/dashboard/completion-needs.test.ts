// What the completion dialog asks of each kind before it offers "Complete":
// a copy needs its sealed package, a correction a decision on every item
// (named), an erasure nothing more than its own fields; and the words the
// dialog and the request page use for the request's kinds.
import { describe, expect, it } from 'vitest';
import { blockerSentence, completionBlockers, completionWords, requestTitle } from '../../portal/src/dashboard/completion-needs.ts';

const SEALED = { sha256: 'a'.repeat(64), sizeBytes: 1234, sealedAt: '2026-12-01T10:00:00Z' };
const decided = (position: number, field: string) => ({ position, field, decision: 'APPLIED' });
const undecided = (position: number, field: string) => ({ position, field, decision: null });

describe('what completing a request needs', () => {
  it('refuses to offer completion of a copy while its package is not sealed, and offers it once sealed', () => {
    expect(completionBlockers({ kinds: ['ACCESS'], dataPackage: null, corrections: [] })).toEqual([{ reason: 'PACKAGE_NOT_SEALED' }]);
    expect(completionBlockers({ kinds: ['PORTABILITY'], dataPackage: null, corrections: [] })).toEqual([{ reason: 'PACKAGE_NOT_SEALED' }]);
    expect(completionBlockers({ kinds: ['ACCESS', 'PORTABILITY'], dataPackage: SEALED, corrections: [] })).toEqual([]);
  });

  it('waits for the package to be read before offering completion of a copy', () => {
    expect(completionBlockers({ kinds: ['ACCESS'], dataPackage: undefined, corrections: [] })).toEqual([{ reason: 'PACKAGE_NOT_READ' }]);
  });

  it('names every undecided correction item, in order, and nothing once all are decided', () => {
    const blockers = completionBlockers({
      kinds: ['CORRECTION'],
      dataPackage: undefined,
      corrections: [undecided(1, 'Postal address'), decided(2, 'Phone'), undecided(3, 'Date of birth')],
    });
    expect(blockers.map(blockerSentence)).toEqual([
      'Decide correction item 1 ("Postal address") under "Corrections asked for" on this page.',
      'Decide correction item 3 ("Date of birth") under "Corrections asked for" on this page.',
    ]);
    expect(completionBlockers({ kinds: ['CORRECTION'], dataPackage: undefined, corrections: [decided(1, 'Postal address')] })).toEqual([]);
  });

  it('asks a request of several kinds for each kind’s answer, the package first', () => {
    const blockers = completionBlockers({
      kinds: ['ACCESS', 'CORRECTION'],
      dataPackage: null,
      corrections: [decided(1, 'Postal address'), undecided(2, 'Date of birth')],
    });
    expect(blockers.map((blocker) => blocker.reason)).toEqual(['PACKAGE_NOT_SEALED', 'CORRECTION_UNDECIDED']);
    expect(blockerSentence(blockers[0] ?? { reason: 'PACKAGE_NOT_READ' })).toContain('Seal the data package');
  });

  it('asks nothing more of an erasure than the dialog’s own fields', () => {
    expect(completionBlockers({ kinds: ['DELETION'], dataPackage: undefined, corrections: [] })).toEqual([]);
  });
});

describe('the words of a request of each kind', () => {
  it('asks what was deleted of an erasure, and what was done of anything else', () => {
    expect(completionWords(['DELETION', 'ACCESS'])).toMatchObject({ summary: 'What was deleted', done: 'Deleted' });
    expect(completionWords(['ACCESS', 'CORRECTION'])).toMatchObject({
      summary: 'What was done',
      systems: 'In which systems (one per line)',
      summaryMissing: 'What was done is required.',
      done: 'Done',
    });
  });

  it('names a request by its kinds, in the kinds’ own order', () => {
    expect(requestTitle(['DELETION'])).toBe('Deletion request');
    expect(requestTitle(['CORRECTION', 'ACCESS'])).toBe('Access and correction request');
    expect(requestTitle(['DELETION', 'ACCESS', 'CORRECTION'])).toBe('Deletion, access and correction request');
  });
});
