// Why the API server refused a no-JavaScript form post before the page read
// it: sent from another site (CSRF), larger than the limit, or not an HTML
// form. The server decides it (api/src/http/privacy-request-form.ts) and the
// page explains it in its own layout, with the status.
export type FormRefusal = { kind: 'cross-site' } | { kind: 'too-large'; limitBytes: number } | { kind: 'encoding' };
