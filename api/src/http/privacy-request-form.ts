// The deletion request forms for people without JavaScript post to their own
// pages' addresses:
//
//   POST /<org>/privacy-request/          submits a request → 303 to …/received/
//   POST /<org>/privacy-request/verify/   confirms the email address → 303 to …/verify/confirmed/
//   POST /<org>/privacy-request/status/   opens (or forgets) the request on this device → 303 to …/status/
//   POST /<org>/subprocessors/object/        objects to a subprocessor change → 303 to …/object/sent/
//   POST /<org>/subprocessors/object/verify/ confirms the objection (the button of the mailed link's page)
//
// and so do the change notice forms (portal/src/pages/[org]/changes/):
//
//   POST /<org>/changes/subscribe/        "Get notified of changes" → 303 to …/subscribe/check-email/
//   POST /<org>/changes/confirm/          confirms a subscription → 303 to …/subscribed/
//   POST /<org>/changes/unsubscribe/?token=…   unsubscribes (also a mail program's RFC 8058 one-click
//                                         POST, whatever its encoding: that page needs only the token)
//
// The page itself (portal/src/pages/[org]/privacy-request/, rendered on
// request, live-pages.ts) runs the mutation and answers: the redirect, or the
// same page again with the answers as typed and the problem on its field.
// What is checked here, before any page code runs, is what HTTP carries:
// the form comes from this site (CSRF), as an HTML form, within the size
// limit. A refusal is handed to the page, which explains it with the status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import { fromAnotherOrigin, type SiteAddress } from './cors.ts';
import { FORM_BODY_LIMIT, readBodyWithin } from './request-body.ts';

const FORM_PATH =
  /^\/[^/]+\/(privacy-request\/((verify|status)\/)?|changes\/(subscribe|confirm|unsubscribe)\/|subprocessors\/object\/(verify\/)?)$/;

/** Whether a POST to this path is one of the forms. */
export const isPrivacyRequestForm = (pathname: string) => FORM_PATH.test(pathname);

/**
 * Reads the form's body within `bodyLimit` and leaves it on the request for
 * the page (as body-parsing servers do; Astro takes it from `request.body`),
 * or says why the form is refused:
 * - cross-site: browsers send Origin with every POST, and it must be this
 *   site: the host the request was sent to, or the configured public address
 *   (a proxy may pass the request on under another Host); a browser that says
 *   Sec-Fetch-Site: cross-site or same-site is refused too, as is "null". A
 *   request without Origin comes from no browser page, so there is no visitor
 *   to abuse. The rule is cors.ts's, the one that keeps cookies to this site.
 * - encoding: only application/x-www-form-urlencoded; scripts use /graphql.
 * - too-large: the answer closes the connection, so the rest is never read.
 */
export async function readPrivacyRequestForm(
  request: IncomingMessage,
  response: ServerResponse,
  site: SiteAddress,
  bodyLimit = FORM_BODY_LIMIT,
): Promise<FormRefusal | undefined> {
  const refuse = (refusal: FormRefusal) => {
    // The page must not read what was refused.
    (request as IncomingMessage & { body?: Buffer }).body = Buffer.alloc(0);
    return refusal;
  };
  if (fromAnotherOrigin(request, site)) return refuse({ kind: 'cross-site' });
  if (!isUrlEncodedForm(request)) return refuse({ kind: 'encoding' });
  const body = await readBodyWithin(request, bodyLimit);
  if (body === null) {
    response.setHeader('connection', 'close');
    return refuse({ kind: 'too-large', limitBytes: bodyLimit });
  }
  (request as IncomingMessage & { body?: Buffer }).body = body;
  return undefined;
}

function isUrlEncodedForm(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
