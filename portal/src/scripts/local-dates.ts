// Dates in the reader's own time zone. The server writes each `<time
// datetime>` in words, in UTC, so the page reads right without JavaScript;
// with it, times marked data-local are rewritten in the reader's zone, in
// the same words ("21 November 2026", never the browser's "11/21/2026"): a
// request made late in the evening in California shows that evening, not the
// next day, and reads like every other date of the page.
import { dateInWords, momentInWords } from '@governance/policies/vocabulary/words';

const STYLES = { date: dateInWords, moment: momentInWords } satisfies Record<string, (instant: Date, timeZone: string) => string>;

export function localiseDates(root: ParentNode = document): void {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const element of root.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const inWords = STYLES[element.dataset.local as keyof typeof STYLES];
    const instant = new Date(element.dateTime);
    if (!inWords || Number.isNaN(instant.getTime())) continue;
    element.textContent = inWords(instant, timeZone);
  }
}
