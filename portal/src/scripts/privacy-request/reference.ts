// Public references such as DR-2026-7K3Q9 (the year, then five characters of
// Crockford's base32). Anything else in the address is not shown: the page
// must not display text an attacker put in a link.
export const REFERENCE_PATTERN = /^DR-\d{4}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** The reference in a query string, or null when it is absent or not a reference. */
export function referenceFromQuery(search: string): string | null {
  const reference = new URLSearchParams(search).get('reference');
  return reference !== null && REFERENCE_PATTERN.test(reference) ? reference : null;
}
