// What a person can ask of an organization about their personal data: the
// one list of privacy-request kinds and the words each is called by. The
// API (which stores and checks them), the request form (which asks in plain
// words), the dashboard (chips, filter, checklist), the mails and the
// transparency page all read them here, so every face says the same thing.
// GDPR Art. 15 (access), 16 (correction), 17 (erasure), 20 (portability);
// CCPA §1798.100/.110 (know), .105 (delete), .106 (correct).

export const PRIVACY_REQUEST_KINDS = ['DELETION', 'ACCESS', 'PORTABILITY', 'CORRECTION'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

export const isPrivacyRequestKind = (text: string): text is PrivacyRequestKind =>
  (PRIVACY_REQUEST_KINDS as readonly string[]).includes(text);

/** What each kind is called where staff and reports name it. */
export const KIND_NAMES: Record<PrivacyRequestKind, string> = {
  DELETION: 'Deletion',
  ACCESS: 'Access',
  PORTABILITY: 'Portability',
  CORRECTION: 'Correction',
};

/** The choice on the request form, in the words of the person asking. */
export const KIND_CHOICES: Record<PrivacyRequestKind, string> = {
  DELETION: 'Delete my data',
  ACCESS: 'Send me a copy of my data',
  PORTABILITY: 'Send it in a machine-readable form',
  CORRECTION: 'Correct something',
};

/** What was asked, as a mail or a status page says it back: "a copy of your data". */
export const KIND_PHRASES: Record<PrivacyRequestKind, string> = {
  DELETION: 'deletion of your data',
  ACCESS: 'a copy of your data',
  PORTABILITY: 'your data in a machine-readable form',
  CORRECTION: 'correction of your data',
};

/**
 * The CCPA's categories (§7102 reports them separately): access and
 * portability are both a request "to know".
 */
export type CcpaCategory = 'KNOW' | 'DELETE' | 'CORRECT';
export const CCPA_CATEGORY: Record<PrivacyRequestKind, CcpaCategory> = {
  DELETION: 'DELETE',
  ACCESS: 'KNOW',
  PORTABILITY: 'KNOW',
  CORRECTION: 'CORRECT',
};

/** Kinds that give the person their data: the CCPA lets a business refuse more than two in twelve months. */
export const DATA_COPY_KINDS: readonly PrivacyRequestKind[] = ['ACCESS', 'PORTABILITY'];

export const KINDS_MESSAGES = {
  missing: 'Choose at least one thing you want us to do.',
  duplicate: 'Choose each thing at most once.',
  unknown: 'Choose from: delete my data, send me a copy, send it in a machine-readable form, correct something.',
} as const;

/** The kinds in the list's own order, whatever order they were chosen in: one request, one spelling. */
export const inKindOrder = (kinds: readonly PrivacyRequestKind[]): PrivacyRequestKind[] =>
  PRIVACY_REQUEST_KINDS.filter((kind) => kinds.includes(kind));

/** The kinds as a sentence: "a copy of your data and your data in a machine-readable form". */
/** What a request is called to the person who made it: a deletion alone keeps its old name. */
export const requestNoun = (kinds: readonly PrivacyRequestKind[]): string =>
  kinds.length === 1 && kinds[0] === 'DELETION' ? 'deletion request' : 'privacy request';

export function kindsPhrase(kinds: readonly PrivacyRequestKind[]): string {
  const phrases = inKindOrder(kinds).map((kind) => KIND_PHRASES[kind]);
  if (phrases.length <= 1) return phrases[0] ?? '';
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}

/** Why a list of kinds is refused, or null when it is one request's kinds. */
export function kindsProblem(kinds: readonly string[]): string | null {
  if (kinds.length === 0) return KINDS_MESSAGES.missing;
  if (!kinds.every(isPrivacyRequestKind)) return KINDS_MESSAGES.unknown;
  if (new Set(kinds).size !== kinds.length) return KINDS_MESSAGES.duplicate;
  return null;
}
