// What the public portal and the requester's mails say about privacy
// requests where the words depend on what can be, or was, asked: the link to
// an organization's form (which takes every kind, so it names them all), the
// figures (which count every kind), and what a completion receipt states and
// proves (which follows the request's own kinds: a receipt for a copy proves
// a copy was given, not that anything was deleted). The organization page,
// the search page, the status page and the completion mail read them here.
import { inKindOrder, type PrivacyRequestKind } from './privacy-request-kinds.ts';

/** The link to an organization's request form, wherever the portal offers it. */
export const requestFormLinkText = (organization: string): string =>
  `Ask ${organization} for a copy of your data, to correct it or to delete it`;

/** The same offer without a name, before a list of organizations' forms. */
export const REQUEST_FORMS_INTRO =
  'To ask an organization for a copy of your personal data, to correct it or to delete it, use its request form:';

/** The figures of an organization's requests (its transparency page): they count requests of every kind. */
export const requestFiguresTitle = (organization: string): string => `Privacy requests to ${organization}, in figures`;

/** "a and b", "a, b, and c": the last comma keeps a list of phrases readable. */
function inWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
}

/** What the receipt states for each kind, beyond which request was completed and when. */
const RECEIPT_STATES: Record<PrivacyRequestKind, string> = {
  DELETION: 'what was deleted from where (and anything kept, and why)',
  ACCESS: 'the fingerprint and size of the copy of your data you were given',
  PORTABILITY: 'the fingerprint and size of the copy of your data you were given',
  CORRECTION: 'what was decided on each correction you asked for (the fields, never what they say)',
};

/** What the receipt lets its holder prove, for each kind. */
const RECEIPT_PROVES: Record<PrivacyRequestKind, string> = {
  DELETION: 'that your data was deleted',
  ACCESS: 'that you were given a copy of your data',
  PORTABILITY: 'that you were given a copy of your data',
  CORRECTION: 'what was decided on the corrections you asked for',
};

/** Each kind's words once, in the kinds' order (access and portability share theirs). */
const wordsFor = (kinds: readonly PrivacyRequestKind[], words: Record<PrivacyRequestKind, string>) => [
  ...new Set(inKindOrder(kinds).map((kind) => words[kind])),
];

/**
 * What a completion receipt says, after "a small file saying" or "a signed
 * statement of". Without kinds (a page that does not know the request yet),
 * what any receipt says.
 */
export function receiptStates(kinds: readonly PrivacyRequestKind[] | null): string {
  if (!kinds || kinds.length === 0) return 'which request was completed, when, and what was done (what was deleted, given or corrected)';
  return inWords(['which request was completed', 'when', ...wordsFor(kinds, RECEIPT_STATES)]);
}

/** What the receipt proves, after "if you ever need to prove"; without kinds, what any receipt proves. */
export function receiptProves(kinds: readonly PrivacyRequestKind[] | null): string {
  if (!kinds || kinds.length === 0) return 'what was done with your request';
  return inWords(wordsFor(kinds, RECEIPT_PROVES));
}

/** The heading over the completion's scope in the organization's words: only a deletion deleted anything. */
export const scopeHeading = (kinds: readonly PrivacyRequestKind[]): string =>
  kinds.includes('DELETION') ? 'What was deleted' : 'What was done';
