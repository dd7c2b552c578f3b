// What a requester is told when an answer on the privacy-request forms is
// refused: the API's intake (which decides), the no-JavaScript form the
// server renders, and the form scripts (which check the empty answers before
// sending, all at once) say it in the same words.

import { kindsProblem } from './privacy-request-kinds.ts';

export const INTAKE_LIMITS = {
  email: 320,
  name: 200,
  accountIdentifier: 200,
  details: 5000,
} as const;

export const INTAKE_MESSAGES = {
  organizationMissing: 'Name the organization.',
  idempotencyKey: 'Send a key of 8 to 200 letters, digits, - or _ made by the client for this submission.',
  /** Left empty: a different sentence from a mistyped address, so the person knows which it is. */
  emailMissing: 'Enter your email address.',
  email: 'Enter an email address, like name@example.com.',
  emailTooLong: 'The email address is too long.',
  name: 'Enter your name.',
  nameTooLong: 'The name must have at most 200 characters.',
  accountIdentifierTooLong: 'The account identifier must have at most 200 characters.',
  jurisdiction: 'Choose EU/UK GDPR, California CCPA or other.',
  detailsTooLong: 'The details must have at most 5,000 characters.',
  idempotencyKeyReused: 'This idempotency key was used for a different request; make a new key for each request.',
  /** The confirmation form sent without a code. */
  enterCode: 'Enter the confirmation code from the email.',
  /** The short code's form sent without the reference it goes with. */
  enterReference: 'Enter the reference from the email, like DR-2026-7K3Q9.',
  /** A NUL character (U+0000), which PostgreSQL cannot store and no keyboard types. */
  unstorable: 'This answer holds a character that cannot be stored (U+0000). We removed it: check the answer and send the form again.',
  /** The scripts' words when the API could not be reached or failed. */
  somethingWentWrong: 'Something went wrong. Try again in a moment.',
} as const;

export const noSuchOrganizationMessage = (slug: string) => `There is no organization "${slug}".`;

/** The laws a requester can choose on the form; GraphQL would refuse anything else less kindly than the service. */
export const JURISDICTIONS = ['GDPR', 'CCPA', 'OTHER'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const isJurisdiction = (text: string): text is Jurisdiction => (JURISDICTIONS as readonly string[]).includes(text);

export interface IntakeAnswers {
  /** What the person asks for (policies/src/vocabulary/privacy-request-kinds.ts); checked when the form asks. */
  kinds?: readonly string[];
  email: string;
  name: string;
  accountIdentifier: string;
  jurisdiction: string;
  details: string;
}

/** An address with something on each side of one @ and no spaces; the API's stricter check answers the rest. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/**
 * Every problem of the form's answers that can be seen without the API, in
 * the form's order, all at once (a person corrects them in one go rather
 * than meeting them one by one). The page and its script both ask this.
 */
export function answerProblems(answers: IntakeAnswers): { field: keyof IntakeAnswers; message: string }[] {
  const problems: { field: keyof IntakeAnswers; message: string }[] = [];
  const kinds = answers.kinds === undefined ? null : kindsProblem(answers.kinds);
  if (kinds) problems.push({ field: 'kinds', message: kinds });
  const email = answers.email.trim();
  if (email === '') problems.push({ field: 'email', message: INTAKE_MESSAGES.emailMissing });
  else if (email.length > INTAKE_LIMITS.email) problems.push({ field: 'email', message: INTAKE_MESSAGES.emailTooLong });
  else if (!EMAIL_SHAPE.test(email)) problems.push({ field: 'email', message: INTAKE_MESSAGES.email });
  const name = answers.name.trim();
  if (name === '') problems.push({ field: 'name', message: INTAKE_MESSAGES.name });
  else if (name.length > INTAKE_LIMITS.name) problems.push({ field: 'name', message: INTAKE_MESSAGES.nameTooLong });
  if (answers.accountIdentifier.trim().length > INTAKE_LIMITS.accountIdentifier) {
    problems.push({ field: 'accountIdentifier', message: INTAKE_MESSAGES.accountIdentifierTooLong });
  }
  if (!isJurisdiction(answers.jurisdiction)) problems.push({ field: 'jurisdiction', message: INTAKE_MESSAGES.jurisdiction });
  if (answers.details.trim().length > INTAKE_LIMITS.details) problems.push({ field: 'details', message: INTAKE_MESSAGES.detailsTooLong });
  return problems;
}
