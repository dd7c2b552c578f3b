// Retention periods as pure functions of dates: ISO-8601 durations parsed
// strictly, calendar parts clamped to the month's end with the time of day
// kept, and exact UTC days and hours.
import { addDuration, describePeriod, type IsoDuration, parseDuration, subtractDuration } from '@governance/api/retention/duration';
import { describe, expect, it } from 'vitest';

function duration(text: string): IsoDuration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.duration;
}

const at = (iso: string) => new Date(iso);

describe('retention periods', () => {
  it.each([
    ['P30D', { days: 30 }],
    ['P24M', { months: 24 }],
    ['P1Y6M', { years: 1, months: 6 }],
    ['P2W', { weeks: 2 }],
    ['PT12H', { hours: 12 }],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
  ])('parses %s', (text, parts) => {
    expect(duration(text)).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts });
  });

  it.each([
    ['', /not an ISO-8601 duration/],
    ['P', /not an ISO-8601 duration/],
    ['PT', /not an ISO-8601 duration/],
    ['P1DT', /not an ISO-8601 duration/],
    ['30D', /not an ISO-8601 duration/],
    ['p30d', /not an ISO-8601 duration/],
    ['P1.5D', /whole numbers only/],
    ['P1D2Y', /not an ISO-8601 duration/],
    ['P0D', /zero long/],
    ['P0Y0M', /zero long/],
    ['P1001Y', /longer than 1000 years; use INDEFINITE/],
  ])('refuses %j and says why', (text, reason) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });

  it('moves by calendar months to the same day and time, clamped to the month’s end', () => {
    expect(subtractDuration(at('2026-03-31T10:20:30.400Z'), duration('P1M'))).toEqual(at('2026-02-28T10:20:30.400Z'));
    expect(subtractDuration(at('2028-03-31T00:00:00.000Z'), duration('P1M'))).toEqual(at('2028-02-29T00:00:00.000Z'));
    expect(addDuration(at('2026-01-31T23:59:59.999Z'), duration('P1M'))).toEqual(at('2026-02-28T23:59:59.999Z'));
    expect(subtractDuration(at('2026-11-22T12:00:00.000Z'), duration('P24M'))).toEqual(at('2024-11-22T12:00:00.000Z'));
    expect(subtractDuration(at('2028-02-29T08:00:00.000Z'), duration('P1Y'))).toEqual(at('2027-02-28T08:00:00.000Z'));
    expect(addDuration(at('2026-08-31T00:00:00.000Z'), duration('P1Y6M'))).toEqual(at('2028-02-29T00:00:00.000Z'));
  });

  it('counts weeks, days and the time part as exact UTC lengths, after the calendar part', () => {
    expect(subtractDuration(at('2026-11-22T12:00:00.000Z'), duration('P30D'))).toEqual(at('2026-10-23T12:00:00.000Z'));
    expect(subtractDuration(at('2026-03-29T12:00:00.000Z'), duration('P1W'))).toEqual(at('2026-03-22T12:00:00.000Z'));
    expect(addDuration(at('2026-11-22T12:00:00.000Z'), duration('PT36H'))).toEqual(at('2026-11-24T00:00:00.000Z'));
    // 31 March less one month is 28 February, less one day 27 February.
    expect(subtractDuration(at('2026-03-31T00:00:00.000Z'), duration('P1M1D'))).toEqual(at('2026-02-27T00:00:00.000Z'));
  });

  it.each([
    ['P24M', '24 months'],
    ['P1Y', '1 year'],
    ['P1Y6M', '1 year and 6 months'],
    ['P1Y2M3D', '1 year, 2 months and 3 days'],
    ['PT12H', '12 hours'],
    ['INDEFINITE', 'kept indefinitely'],
  ])('describes %s as "%s"', (period, words) => {
    expect(describePeriod(period)).toBe(words);
  });
});
