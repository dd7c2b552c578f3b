// The answers the request form cannot go without, in the service's own words
// (api/src/deletion-requests/intake.service.ts). The page script names them
// all at once before sending (the API names one problem at a time); the
// no-JavaScript path checks the law here too, since GraphQL would refuse
// anything but GDPR, CCPA or OTHER less kindly than the service.
export const REQUIRED_ANSWERS: readonly { field: 'email' | 'name' | 'jurisdiction'; message: string }[] = [
  { field: 'email', message: 'Enter an email address, like name@example.com.' },
  { field: 'name', message: 'Enter your name.' },
  { field: 'jurisdiction', message: 'Choose EU/UK GDPR, California CCPA or other.' },
];

export const JURISDICTIONS = ['GDPR', 'CCPA', 'OTHER'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const isJurisdiction = (text: string): text is Jurisdiction => (JURISDICTIONS as readonly string[]).includes(text);

/** An empty confirmation code, in the page script's and the no-JavaScript page's words alike. */
export const ENTER_CODE = 'Enter the confirmation code from the email.';
