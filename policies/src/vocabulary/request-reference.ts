// Public references of privacy requests such as DR-2026-7K3Q9: the year, then
// five characters of Crockford's base32 (no I, L, O or U, so they read aloud
// unambiguously). The API makes them; the pages show only text that has this
// shape, never what an attacker put in a link.

export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_SUFFIX_LENGTH = 5;
export const REFERENCE_PATTERN = /^DR-\d{4}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** The reference of a request received at `receivedAt`, from the suffix's characters (drawn at random by the caller). */
export function formatReference(receivedAt: Date, suffix: string): string {
  return `DR-${receivedAt.getUTCFullYear()}-${suffix}`;
}

export function isRequestReference(text: string): boolean {
  return REFERENCE_PATTERN.test(text);
}

/** The reference in a query string, or null when it is absent or not a reference. */
export function referenceFromQuery(search: string): string | null {
  const reference = new URLSearchParams(search).get('reference');
  return reference !== null && isRequestReference(reference) ? reference : null;
}
