// Addresses of the requester's pages. The no-JavaScript forms post to their
// own page's address, which answers and redirects to the next one.

const base = (organization: string) => `/${encodeURIComponent(organization)}/privacy-request/`;

/** The form; the no-JavaScript form posts here too. */
export const requestFormUrl = (organization: string) => base(organization);
export const receivedUrl = (organization: string) => `${base(organization)}received/`;
/** The verification link's page; the no-JavaScript confirmation posts here too. */
export const verifyUrl = (organization: string) => `${base(organization)}verify/`;
export const verifiedUrl = (organization: string) => `${base(organization)}verify/confirmed/`;
export const statusUrl = (organization: string) => `${base(organization)}status/`;
export const transparencyUrl = (organization: string) => `/${encodeURIComponent(organization)}/transparency/`;
