// Objections to a subprocessor change: what the objection form asks and how
// much of it, what a person is told when an answer is refused, and the
// outcomes staff resolve an objection with. One vocabulary for the API (which
// decides), the public form and the dashboard (which show it).

export const OBJECTION_LIMITS = {
  email: 320,
  company: 200,
  reason: 4000,
  note: 4000,
  /** A list version is short (`1.2`); anything longer is not one. */
  version: 40,
} as const;

export const OBJECTION_MESSAGES = {
  organizationMissing: 'Name the organization.',
  version: 'Name the version of the subprocessor list you object to, like 1.1.',
  versionUnknown: 'This organization has announced no subprocessor list with this version.',
  emailMissing: 'Enter your email address.',
  email: 'Enter an email address, like name@example.com.',
  emailTooLong: 'The email address is too long.',
  company: 'Enter the name of your company.',
  companyTooLong: 'The company name must have at most 200 characters.',
  reason: 'Say why you object to this change.',
  reasonTooLong: 'The reason must have at most 4,000 characters.',
  noteTooLong: 'The note must have at most 4,000 characters.',
  periodEnded: 'This change has already taken effect, so objections to it are closed. Contact the organization directly.',
  invalidLink: 'This confirmation link is not valid or has expired. Check that it was copied whole, or object again.',
  unstorable: 'This answer holds a character that cannot be stored (U+0000). Remove it and send the form again.',
} as const;

/** How staff close an objection: a fixed vocabulary, so the evidence of a change says the same thing for every objection. */
export const OBJECTION_OUTCOMES = {
  WITHDRAWN_CHANGE: 'Change withdrawn: the subprocessor will not be used',
  SAFEGUARDS_AGREED: 'Resolved with the customer: safeguards or terms agreed',
  OBJECTION_NOT_UPHELD: 'Objection not upheld: the change goes ahead',
  CONTRACT_TERMINATED: 'The customer ended the affected service',
  OTHER: 'Other (see the note)',
} as const;

export type ObjectionOutcome = keyof typeof OBJECTION_OUTCOMES;
export const OBJECTION_OUTCOME_VALUES = Object.keys(OBJECTION_OUTCOMES) as ObjectionOutcome[];
