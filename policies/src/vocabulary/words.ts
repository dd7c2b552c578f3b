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

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-12-22T23:59:59.999Z` → "22 December 2026": the day in UTC, as deadlines are kept. */
export function dateInWords(instant: Date | string): string {
  return LONG_DATE.format(typeof instant === 'string' ? new Date(instant) : instant);
}
