// What a requester is told when an answer on the privacy-request forms is
// refused: the API's intake (which decides), the no-JavaScript form the
// server renders, and the form scripts (which check the empty answers before
// sending, all at once) say it in the same words.

export const INTAKE_LIMITS = {
  email: 320,
  name: 200,
  accountIdentifier: 200,
  details: 5000,
} as const;

export const INTAKE_MESSAGES = {
  organizationMissing: 'Name the organization.',
  idempotencyKey: 'Send a key of 8 to 200 letters, digits, - or _ made by the client for this submission.',
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
  /** A NUL character (U+0000), which PostgreSQL cannot store and no keyboard types. */
  unstorable: 'This answer holds a character that cannot be stored (U+0000). We removed it: check the answer and send the form again.',
  /** The scripts' words when the API could not be reached or failed. */
  somethingWentWrong: 'Something went wrong. Try again in a moment.',
} as const;

export const noSuchOrganizationMessage = (slug: string) => `There is no organization "${slug}".`;

/** The answers the form requires, in its order, with the words for leaving each empty. */
export const REQUIRED_ANSWERS = [
  { field: 'email', message: INTAKE_MESSAGES.email },
  { field: 'name', message: INTAKE_MESSAGES.name },
  { field: 'jurisdiction', message: INTAKE_MESSAGES.jurisdiction },
] as const satisfies readonly { field: string; message: string }[];

/** The laws a requester can choose on the form; GraphQL would refuse anything else less kindly than the service. */
export const JURISDICTIONS = ['GDPR', 'CCPA', 'OTHER'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const isJurisdiction = (text: string): text is Jurisdiction => (JURISDICTIONS as readonly string[]).includes(text);
