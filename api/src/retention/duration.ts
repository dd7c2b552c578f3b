// Retention periods: ISO-8601 durations (P#Y#M#W#D, then T#H#M#S) or
// INDEFINITE, as pure functions of dates. Calendar parts are applied first
// and clamp to the month's end (31 March less one month is 28 or 29
// February), as deadlines do in deletion-requests/deadline.ts; weeks, days
// and the time part are then exact UTC lengths (a UTC day has no DST).

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

/** The same instant `months` later (or earlier), the day clamped to the target month's end. */
function addMonthsKeepingTime(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(date.getUTCDate(), lastDayOfTarget),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

function shift(date: Date, duration: IsoDuration, sign: 1 | -1): Date {
  const calendar = addMonthsKeepingTime(date, sign * (duration.years * 12 + duration.months));
  const exactMs = ((duration.weeks * 7 + duration.days) * 86_400 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000;
  return new Date(calendar.getTime() + sign * exactMs);
}

export function addDuration(date: Date, duration: IsoDuration): Date {
  return shift(date, duration, 1);
}

export function subtractDuration(date: Date, duration: IsoDuration): Date {
  return shift(date, duration, -1);
}

/**
 * The instant before which an item's clock must have started for it to be
 * due at `now`: an item whose trigger lies exactly on the cutoff, or after
 * it, is kept.
 */
export function cutoffFor(now: Date, duration: IsoDuration): Date {
  return subtractDuration(now, duration);
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
