// How an email address is compared: the same address typed with other
// capitals or surrounding spaces is the same person (sign-in, staff accounts,
// deletion requests and their rate limits, the no-JavaScript form's key).

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
