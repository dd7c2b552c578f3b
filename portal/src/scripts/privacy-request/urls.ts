// Addresses of the requester's pages. The server's form endpoints
// (api/src/http/privacy-request-form.ts) answer on and redirect to the same ones.

const base = (organization: string) => `/${encodeURIComponent(organization)}/privacy-request/`;

/** The form; the no-JavaScript form posts here too. */
export const requestFormUrl = (organization: string) => base(organization);
export const receivedUrl = (organization: string) => `${base(organization)}received/`;
/** The verification link's page; the no-JavaScript confirmation posts here too. */
export const verifyUrl = (organization: string) => `${base(organization)}verify/`;
export const verifiedUrl = (organization: string) => `${base(organization)}verify/confirmed/`;
export const statusUrl = (organization: string) => `${base(organization)}status/`;
/** The portal's stylesheet at a fixed address, for the pages the server renders itself. */
export const formStylesheetUrl = (organization: string) => `${base(organization)}form.css`;
export const transparencyUrl = (organization: string) => `/${encodeURIComponent(organization)}/transparency/`;
