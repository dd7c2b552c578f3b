// The dashboard's retention form types a period as a number and a unit; the
// API stores ISO-8601. One module converts both ways, with calendar months
// as the API counts them.
import { addDuration, parseDuration } from '@governance/api/retention/duration';
import { describePeriod, periodInWords, periodOf } from '@governance/policies/vocabulary/retention-period';
import { describe, expect, it } from 'vitest';

describe('periods typed as a number and a unit', () => {
  it('store as the ISO-8601 duration the API computes with', () => {
    expect(periodOf({ kind: 'amount', amount: 30, unit: 'days' })).toBe('P30D');
    expect(periodOf({ kind: 'amount', amount: 2, unit: 'weeks' })).toBe('P2W');
    expect(periodOf({ kind: 'amount', amount: 24, unit: 'months' })).toBe('P24M');
    expect(periodOf({ kind: 'amount', amount: 1, unit: 'years' })).toBe('P1Y');
    expect(periodOf({ kind: 'indefinite' })).toBe('INDEFINITE');
  });

  it('count months as calendar months, as the API does: 24 months from 31 January 2026 end on 31 January 2028', () => {
    const stored = parseDuration(periodOf({ kind: 'amount', amount: 24, unit: 'months' }));
    if (!stored.ok) throw new Error(stored.reason);
    expect(addDuration(new Date('2026-01-31T00:00:00Z'), stored.duration).toISOString()).toBe('2028-01-31T00:00:00.000Z');
  });

  it('read back as one number and a unit, merging what means the same', () => {
    expect(periodInWords('P30D')).toEqual({ kind: 'amount', amount: 30, unit: 'days' });
    expect(periodInWords('P24M')).toEqual({ kind: 'amount', amount: 24, unit: 'months' });
    expect(periodInWords('P1Y6M')).toEqual({ kind: 'amount', amount: 18, unit: 'months' });
    expect(periodInWords('P2Y')).toEqual({ kind: 'amount', amount: 2, unit: 'years' });
    expect(periodInWords('P2W')).toEqual({ kind: 'amount', amount: 2, unit: 'weeks' });
    expect(periodInWords('P1W3D')).toEqual({ kind: 'amount', amount: 10, unit: 'days' });
    expect(periodInWords('INDEFINITE')).toEqual({ kind: 'indefinite' });
  });

  it('give no single number for what one unit cannot say exactly, nor for what is not a period', () => {
    expect(periodInWords('P1M15D')).toBeNull();
    expect(periodInWords('PT12H')).toBeNull();
    expect(periodInWords('P30DT1H')).toBeNull();
    expect(periodInWords('thirty days')).toBeNull();
    expect(periodInWords('P0D')).toBeNull();
  });

  it('round-trip every unit through the stored form unchanged', () => {
    for (const unit of ['days', 'weeks', 'months', 'years'] as const) {
      for (const amount of [1, 7, 13, 30]) {
        const words = { kind: 'amount', amount, unit } as const;
        const back = periodInWords(periodOf(words));
        // 12 or more months that make whole years read back as years, which means the same.
        expect(back && back.kind === 'amount' && periodOf(back)).toBe(periodOf(words));
      }
    }
  });

  it('are described in words the same way the API publishes them', () => {
    expect(describePeriod('P24M')).toBe('24 months');
    expect(describePeriod('P1Y6M')).toBe('1 year and 6 months');
    expect(describePeriod('INDEFINITE')).toBe('kept indefinitely');
  });
});
