// Retention periods: ISO-8601 durations (P#Y#M#W#D, then T#H#M#S) or
// INDEFINITE, as pure functions of dates. Calendar parts are applied first
// and clamp to the month's end (31 March less one month is 28 or 29
// February), as deadlines do in deletion-requests/deadline.ts; weeks, days
// and the time part are then exact UTC lengths (a UTC day has no DST).

// Parsing and words live with the dashboard's form, so both agree.
export {
  type DurationParse,
  describePeriod,
  INDEFINITE,
  type IsoDuration,
  parseDuration,
} from '@governance/policies/vocabulary/retention-period';

import type { IsoDuration } from '@governance/policies/vocabulary/retention-period';

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
