// How an email address is compared: the same address typed with other
// capitals or surrounding spaces is the same person (sign-in, staff accounts,
// deletion requests and their rate limits, the no-JavaScript form's key).

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether a typed address can be an email address at all: one @ with
 * something on each side and no spaces. The dashboard checks it before
 * sending and the API refuses the rest, with the same rule.
 */
export function isEmailAddress(email: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(normaliseEmail(email));
}
