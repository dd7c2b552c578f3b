// Counts and dates in words, the one place both the portal and the API's
// mails take them from: "1 month" and "2 months" (never "1 months" or
// "day(s)"), "22 December 2026". Pure; imports nothing server-side.

const PLURAL_RULES = new Intl.PluralRules('en-GB');

/** Words whose plural is not the singular plus "s". */
const IRREGULAR: Readonly<Record<string, string>> = { person: 'people' };

/** `counted(1, 'month')` is "1 month", `counted(2, 'month')` "2 months"; a plural unit ("months") is read as its singular. */
export function counted(count: number, unit: string): string {
  const singular = unit.endsWith('s') && !(unit in IRREGULAR) ? unit.slice(0, -1) : unit;
  const word = PLURAL_RULES.select(count) === 'one' ? singular : (IRREGULAR[singular] ?? `${singular}s`);
  return `${count} ${word}`;
}

// One formatter per time zone: the server writes UTC, a reader's browser its own zone.
const longDates = new Map<string, Intl.DateTimeFormat>();
const clockTimes = new Map<string, Intl.DateTimeFormat>();
const formatterIn = (cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions) => {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    cache.set(timeZone, formatter);
  }
  return formatter;
};
const instantOf = (instant: Date | string) => (typeof instant === 'string' ? new Date(instant) : instant);

/**
 * `2026-12-22T23:59:59.999Z` → "22 December 2026": the day in UTC, as
 * deadlines are kept, or in `timeZone` (an IANA name) for a reader's own day.
 */
export function dateInWords(instant: Date | string, timeZone = 'UTC'): string {
  return formatterIn(longDates, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(instantOf(instant));
}

/**
 * `2026-11-22T10:05:00Z` → "22 November 2026, 10:05 UTC": a moment to the
 * minute, in words, with the zone it is told in ("19:05 GMT-8" in California).
 */
export function momentInWords(instant: Date | string, timeZone = 'UTC'): string {
  const time = formatterIn(clockTimes, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return `${dateInWords(instant, timeZone)}, ${time.format(instantOf(instant))}`;
}
