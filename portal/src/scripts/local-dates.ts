// Dates in the reader's own time zone and language. The server writes each
// `<time datetime>` in words, in UTC, so the page reads right without
// JavaScript; with it, times marked data-local are rewritten for the reader:
// a request made late in the evening in California shows that evening, not
// the next day.
const STYLES = {
  date: { dateStyle: 'long' },
  moment: { dateStyle: 'long', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function localiseDates(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const style = STYLES[element.dataset.local as keyof typeof STYLES];
    const instant = new Date(element.dateTime);
    if (!style || Number.isNaN(instant.getTime())) continue;
    element.textContent = new Intl.DateTimeFormat(undefined, style).format(instant);
  }
}
