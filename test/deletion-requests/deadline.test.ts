import {
  acknowledgementDueAt,
  addMonthsClamped,
  checkExtension,
  completedLate,
  type DeadlineFacts,
  daysLeft,
  dueAt,
  isOverdue,
} from '@governance/api/deletion-requests/deadline';
import { describe, expect, it } from 'vitest';

const at = (instant: string) => new Date(instant);
const facts = (overrides: Partial<DeadlineFacts>): DeadlineFacts => ({
  jurisdiction: 'GDPR',
  receivedAt: at('2026-01-10T09:30:00Z'),
  otherDays: 30,
  holds: [],
  extension: null,
  ...overrides,
});
const NOW = at('2026-01-20T12:00:00Z');
const dueDate = (value: DeadlineFacts, now = NOW) => dueAt(value, now).toISOString();

describe('adding calendar months', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('%s + %i month(s) is %s', (from, months, expected) => {
    expect(
      addMonthsClamped(at(`${from}T18:00:00Z`), months)
        .toISOString()
        .slice(0, 10),
    ).toBe(expected);
  });
});

describe('GDPR: one calendar month from receipt', () => {
  it.each([
    ['2026-01-10T09:30:00Z', '2026-02-10T23:59:59.999Z'],
    ['2026-01-31T23:59:59Z', '2026-02-28T23:59:59.999Z'],
    ['2028-01-31T00:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['2026-03-31T12:00:00Z', '2026-04-30T23:59:59.999Z'],
    ['2026-12-15T08:00:00Z', '2027-01-15T23:59:59.999Z'],
  ])('received %s is due %s', (receivedAt, due) => {
    expect(dueDate(facts({ receivedAt: at(receivedAt) }))).toBe(due);
  });

  it.each([
    ['one month more', 1, '2026-03-31T23:59:59.999Z'],
    ['two months more', 2, '2026-04-30T23:59:59.999Z'],
  ])('extended by %s (counted from receipt, month ends clamped)', (_name, months, due) => {
    const extension = { at: at('2026-02-20T00:00:00Z'), amount: months, reason: 'Many systems to search' };
    expect(dueDate(facts({ receivedAt: at('2026-01-31T10:00:00Z'), extension }))).toBe(due);
  });

  it.each([
    ['a closed hold of 3 days', [{ from: at('2026-01-12T10:00:00Z'), until: at('2026-01-15T16:00:00Z') }], '2026-02-13T23:59:59.999Z'],
    ['an open hold, counted to now', [{ from: at('2026-01-12T10:00:00Z'), until: null }], '2026-02-18T23:59:59.999Z'],
    [
      'two holds',
      [
        { from: at('2026-01-11T00:00:00Z'), until: at('2026-01-12T00:00:00Z') },
        { from: at('2026-01-14T00:00:00Z'), until: at('2026-01-16T00:00:00Z') },
      ],
      '2026-02-13T23:59:59.999Z',
    ],
  ])('moves by the days waiting for proof of identity: %s', (_name, holds, due) => {
    expect(dueDate(facts({ holds: holds.map((hold) => ({ ...hold, reason: 'IDENTITY_PROOF' as const })) }))).toBe(due);
  });

  it('does not move for a hold of another kind', () => {
    const holds = [{ from: at('2026-01-12T00:00:00Z'), until: at('2026-01-15T00:00:00Z'), reason: 'OTHER' as const }];
    expect(dueDate(facts({ holds }))).toBe('2026-02-10T23:59:59.999Z');
  });
});

describe('CCPA: 45 calendar days, never paused', () => {
  it.each([
    ['2026-01-01T10:00:00Z', '2026-02-15T23:59:59.999Z'],
    ['2028-02-01T10:00:00Z', '2028-03-17T23:59:59.999Z'],
    ['2026-12-20T10:00:00Z', '2027-02-03T23:59:59.999Z'],
  ])('received %s is due %s', (receivedAt, due) => {
    expect(dueDate(facts({ jurisdiction: 'CCPA', receivedAt: at(receivedAt) }))).toBe(due);
  });

  it('is not moved by holds, and extends by up to 45 days', () => {
    const holds = [{ from: at('2026-01-12T00:00:00Z'), until: null, reason: 'IDENTITY_PROOF' as const }];
    const received = at('2026-01-01T10:00:00Z');
    expect(dueDate(facts({ jurisdiction: 'CCPA', receivedAt: received, holds }))).toBe('2026-02-15T23:59:59.999Z');
    const extension = { at: at('2026-02-01T00:00:00Z'), amount: 45, reason: 'Complex request' };
    expect(dueDate(facts({ jurisdiction: 'CCPA', receivedAt: received, extension }))).toBe('2026-04-01T23:59:59.999Z');
  });

  it.each([
    ['a Friday', '2026-01-02T15:00:00Z', '2026-01-16T23:59:59.999Z'],
    ['a Monday', '2026-01-05T15:00:00Z', '2026-01-19T23:59:59.999Z'],
    ['a Saturday', '2026-01-03T15:00:00Z', '2026-01-16T23:59:59.999Z'],
  ])('must be acknowledged within 10 business days: received on %s', (_day, receivedAt, due) => {
    expect(acknowledgementDueAt(facts({ jurisdiction: 'CCPA', receivedAt: at(receivedAt) }))?.toISOString()).toBe(due);
  });

  it('asks no acknowledgement deadline of other regimes', () => {
    expect(acknowledgementDueAt(facts({ jurisdiction: 'GDPR' }))).toBeNull();
  });
});

describe('other requests: the organization’s days', () => {
  it.each([
    [30, '2026-02-09T23:59:59.999Z'],
    [14, '2026-01-24T23:59:59.999Z'],
  ])('%i days', (otherDays, due) => {
    expect(dueDate(facts({ jurisdiction: 'OTHER', otherDays }))).toBe(due);
  });
});

describe('days left, overdue and late', () => {
  const due = at('2026-02-10T23:59:59.999Z');
  it.each([
    ['2026-02-08T12:00:00Z', 2, false],
    ['2026-02-10T00:00:00Z', 0, false],
    ['2026-02-10T23:59:59.999Z', 0, false],
    ['2026-02-11T00:00:00Z', -1, true],
    ['2026-02-20T08:00:00Z', -10, true],
  ])('at %s: %i days left, overdue %s', (now, left, overdue) => {
    expect(daysLeft(due, at(now))).toBe(left);
    expect(isOverdue(due, at(now))).toBe(overdue);
  });

  it('a request closed after its due instant was completed late', () => {
    expect(completedLate(due, at('2026-02-10T23:59:59.999Z'))).toBe(false);
    expect(completedLate(due, at('2026-02-11T00:00:00.000Z'))).toBe(true);
  });
});

describe('extensions', () => {
  const request = (overrides: Partial<{ at: Date; amount: number; reason: string }> = {}) => ({
    at: at('2026-02-01T00:00:00Z'),
    amount: 2,
    reason: 'Data held by three processors',
    ...overrides,
  });

  it('are allowed once, with a reason, before the original deadline', () => {
    expect(() => checkExtension(facts({}), request())).not.toThrow();
    expect(() => checkExtension(facts({ jurisdiction: 'CCPA' }), request({ amount: 45 }))).not.toThrow();
  });

  it.each([
    [
      'a second time',
      facts({ extension: { at: at('2026-01-20T00:00:00Z'), amount: 1, reason: 'x' } }),
      request(),
      'EXTENSION_ALREADY_USED',
      undefined,
    ],
    ['without a reason', facts({}), request({ reason: '  ' }), 'BAD_USER_INPUT', 'reason'],
    ['by three months under GDPR', facts({}), request({ amount: 3 }), 'BAD_USER_INPUT', 'amount'],
    ['by 46 days under CCPA', facts({ jurisdiction: 'CCPA' }), request({ amount: 46 }), 'BAD_USER_INPUT', 'amount'],
    ['after the original deadline', facts({}), request({ at: at('2026-02-11T00:00:00Z') }), 'EXTENSION_TOO_LATE', undefined],
    ['under no named regime', facts({ jurisdiction: 'OTHER' }), request(), 'EXTENSION_NOT_AVAILABLE', undefined],
  ])('are refused %s', (_name, current, extension, code, field) => {
    expect(() => checkExtension(current, extension)).toThrow(expect.objectContaining({ code, field }));
  });
});
