// Every kind of privacy request runs on its regime's legal clock: GDPR one
// month plus a guarded extension of up to two; CCPA 45 days plus up to 45
// for requests to know (access, portability), to delete and to correct.
import { checkExtension, clockOf, type DeadlineFacts, dueAt, KIND_CLOCKS } from '@governance/api/deletion-requests/deadline';
import { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { describe, expect, it } from 'vitest';

const RECEIVED = new Date('2026-01-31T09:30:00Z');
const NOW = new Date('2026-02-01T12:00:00Z');
const facts = (
  jurisdiction: 'GDPR' | 'CCPA',
  kinds: PrivacyRequestKind[],
  extension: DeadlineFacts['extension'] = null,
): DeadlineFacts => ({
  jurisdiction,
  receivedAt: RECEIVED,
  otherDays: 30,
  holds: [],
  extension,
  kinds,
});
const extension = (amount: number) => ({ at: NOW, amount, reason: 'Many systems to search' });

describe('deadlines per regime and kind', () => {
  it('names a clock for every kind under both regimes', () => {
    for (const regime of ['GDPR', 'CCPA'] as const) {
      expect(Object.keys(KIND_CLOCKS[regime]).sort()).toEqual([...PRIVACY_REQUEST_KINDS].sort());
    }
  });

  it.each(PRIVACY_REQUEST_KINDS)('gives a GDPR %s request one calendar month, extendable by at most two more', (kind) => {
    expect(dueAt(facts('GDPR', [kind]), NOW).toISOString()).toBe('2026-02-28T23:59:59.999Z');
    expect(dueAt(facts('GDPR', [kind], extension(2)), NOW).toISOString()).toBe('2026-04-30T23:59:59.999Z');
    expect(() => checkExtension(facts('GDPR', [kind]), extension(3))).toThrow('A GDPR extension is 1 to 2 months.');
  });

  it.each(PRIVACY_REQUEST_KINDS)('gives a CCPA %s request 45 days, extendable by at most 45 more', (kind) => {
    expect(dueAt(facts('CCPA', [kind]), NOW).toISOString()).toBe('2026-03-17T23:59:59.999Z');
    expect(dueAt(facts('CCPA', [kind], extension(45)), NOW).toISOString()).toBe('2026-05-01T23:59:59.999Z');
    expect(() => checkExtension(facts('CCPA', [kind]), extension(46))).toThrow('A CCPA extension is 1 to 45 days.');
  });

  it('runs a request of several kinds on the strictest clock of its kinds', () => {
    expect(clockOf('GDPR', ['ACCESS', 'PORTABILITY', 'CORRECTION', 'DELETION'])).toEqual({ unit: 'MONTHS', base: 1, maxExtension: 2 });
    expect(clockOf('CCPA', ['ACCESS', 'CORRECTION'])).toEqual({ unit: 'DAYS', base: 45, maxExtension: 45 });
    expect(dueAt(facts('CCPA', ['ACCESS', 'DELETION']), NOW)).toEqual(dueAt(facts('CCPA', ['DELETION']), NOW));
  });

  it("runs an OTHER request on the organization's days, whatever its kinds", () => {
    expect(clockOf('OTHER', ['ACCESS'])).toBeNull();
    expect(dueAt({ ...facts('GDPR', ['ACCESS']), jurisdiction: 'OTHER' }, NOW).toISOString()).toBe('2026-03-02T23:59:59.999Z');
  });

  it('treats a request without kinds, made before kinds existed, as a deletion', () => {
    const { kinds: _kinds, ...withoutKinds } = facts('GDPR', ['DELETION']);
    expect(dueAt(withoutKinds, NOW)).toEqual(dueAt(facts('GDPR', ['DELETION']), NOW));
  });
});
