// Retention periods as people and the API write them. The API stores an
// ISO-8601 duration (P30D, P24M, P1Y6M, PT12H; whole numbers) or INDEFINITE
// and computes cutoffs with it (api/src/retention/duration.ts); people read
// and type "30 days", "24 months", "indefinitely". This module is the one
// place that converts between them, so the dashboard's form, the published
// schedule and the API say the same thing. Months are calendar months (the
// API clamps to the month's end), so "24 months" is P24M, never 730 days.

export const INDEFINITE = 'INDEFINITE';

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export type DurationParse = { ok: true; duration: IsoDuration } | { ok: false; reason: string };

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
/** Far beyond any retention period, and small enough that date arithmetic stays exact. */
const MAX_YEARS = 1000;

export function parseDuration(text: string): DurationParse {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) {
    return {
      ok: false,
      reason: `"${text}" is not an ISO-8601 duration such as P30D, P24M, P1Y6M or PT12H (whole numbers only), nor INDEFINITE`,
    };
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const duration = { years, months, weeks, days, hours, minutes, seconds };
  const approximateYears = years + months / 12 + (weeks * 7 + days) / 365 + (hours / 24 + minutes / 1440 + seconds / 86_400) / 365;
  if (approximateYears === 0) return { ok: false, reason: `"${text}" is zero long; a retention period must be longer than zero` };
  if (approximateYears > MAX_YEARS) return { ok: false, reason: `"${text}" is longer than ${MAX_YEARS} years; use INDEFINITE` };
  return { ok: true, duration };
}

const UNITS: [keyof IsoDuration, string][] = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
  ['seconds', 'second'],
];

/** "24 months", "1 year and 6 months", "kept indefinitely": for people reading the schedule. */
export function describePeriod(period: string): string {
  if (period === INDEFINITE) return 'kept indefinitely';
  const parsed = parseDuration(period);
  if (!parsed.ok) return period;
  const parts = UNITS.filter(([key]) => parsed.duration[key] > 0).map(
    ([key, unit]) => `${parsed.duration[key]} ${unit}${parsed.duration[key] === 1 ? '' : 's'}`,
  );
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? period);
}

/** The units a person picks from when typing a period as one number. */
export const PERIOD_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

const DESIGNATOR: Record<PeriodUnit, string> = { days: 'D', weeks: 'W', months: 'M', years: 'Y' };

/** A period typed as a number and a unit, or kept indefinitely. */
export type PeriodInWords = { kind: 'amount'; amount: number; unit: PeriodUnit } | { kind: 'indefinite' };

/** What the API stores for a period typed as a number and a unit: 24 months is P24M. */
export function periodOf(words: PeriodInWords): string {
  if (words.kind === 'indefinite') return INDEFINITE;
  return `P${words.amount}${DESIGNATOR[words.unit]}`;
}

/**
 * A stored period as one number and a unit, for the form to start from:
 * P1Y6M is 18 months (years and months are both calendar months to the
 * API), P2W3D is 17 days. Null for what one unit cannot say exactly (a
 * mix of months and days, or hours): the form then asks for a new period.
 */
export function periodInWords(period: string): PeriodInWords | null {
  if (period === INDEFINITE) return { kind: 'indefinite' };
  const parsed = parseDuration(period);
  if (!parsed.ok) return null;
  const { years, months, weeks, days, hours, minutes, seconds } = parsed.duration;
  if (hours + minutes + seconds > 0) return null;
  const calendarMonths = years * 12 + months;
  const exactDays = weeks * 7 + days;
  if (calendarMonths > 0 && exactDays > 0) return null;
  if (calendarMonths > 0) {
    return months === 0 ? { kind: 'amount', amount: years, unit: 'years' } : { kind: 'amount', amount: calendarMonths, unit: 'months' };
  }
  return days === 0 ? { kind: 'amount', amount: weeks, unit: 'weeks' } : { kind: 'amount', amount: exactDays, unit: 'days' };
}
