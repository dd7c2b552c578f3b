// The deletion request forms for people without JavaScript: plain HTML form
// posts to the same addresses as the portal's pages.
//
//   POST /<org>/privacy-request/          submits a request → 303 to …/received/
//   POST /<org>/privacy-request/verify/   confirms the email address → 303 to …/verify/confirmed/
//
// They call the same services as the GraphQL mutations, in-process. A refusal
// answers with the form again, filled in as it was sent and the error next to
// its field; nothing a person typed is lost. With JavaScript the pages use
// /graphql instead (portal/src/scripts/privacy-request/).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditRequest } from '../audit/models.ts';
import { auditRequestOf, requestIdFrom } from '../auth/request-auth.ts';
import { type SubmissionInput, submitDeletionRequest } from '../deletion-requests/intake.service.ts';
import { verifyDeletionRequest } from '../deletion-requests/verification.service.ts';
import type { AppServices } from '../graphql/context.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { hasNul } from '../shared/input-checks.ts';
import { fromAnotherOrigin, type SiteAddress } from './cors.ts';
import {
  type FormProblem,
  messagePage,
  type PageOrganization,
  type RequestFormValues,
  receivedPath,
  requestFormPage,
  requestFormPath,
  verifiedPath,
  verifyFormPage,
  verifyPath,
} from './form-page.ts';
import { FORM_BODY_LIMIT, kilobytes, readBodyWithin, refuseTooLarge } from './request-body.ts';
import { type ProxySettings, proxySettingsOf } from './trusted-proxy.ts';

const FORM_PATH = /^\/([^/]+)\/privacy-request\/(verify\/)?$/;

export type PrivacyRequestForm = { kind: 'submit' | 'verify'; encodedSlug: string };

/** Which form a POST to this path is for, or null when it is not one of them. */
export function matchPrivacyRequestForm(pathname: string): PrivacyRequestForm | null {
  const match = FORM_PATH.exec(pathname);
  return match ? { kind: match[2] ? 'verify' : 'submit', encodedSlug: match[1] ?? '' } : null;
}

/** Also the portal script's words for an empty code (portal/src/scripts/privacy-request/verify.ts). */
const ENTER_CODE = 'Enter the confirmation code from the email.';

/** For a NUL character (U+0000), which PostgreSQL cannot store and no keyboard types. */
const UNSTORABLE = 'This answer holds a character that cannot be stored (U+0000). We removed it: check the answer and send the form again.';

const withoutNul = (text: string) => text.replaceAll('\u0000', '');

export async function respondToPrivacyRequestForm(
  services: AppServices,
  form: PrivacyRequestForm,
  request: IncomingMessage,
  response: ServerResponse,
  bodyLimit = FORM_BODY_LIMIT,
): Promise<void> {
  try {
    await handle(services, form, request, response, bodyLimit);
  } catch (error) {
    services.logger.error({ err: error }, 'privacy request form failed');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendPage(
      response,
      500,
      messagePage({
        title: 'Something went wrong',
        paragraphs: [
          'Your request could not be handled just now. Nothing was lost on your side: go back, and send the form again in a moment.',
        ],
        organization: null,
      }),
    );
  }
}

async function handle(
  services: AppServices,
  form: PrivacyRequestForm,
  request: IncomingMessage,
  response: ServerResponse,
  bodyLimit: number,
): Promise<void> {
  const organization = await organizationOf(services, form.encodedSlug);
  if (!organization) {
    return sendPage(
      response,
      404,
      messagePage({
        title: 'Organization not found',
        paragraphs: ['There is no organization at this address, so the form could not be sent. Check the address for typing mistakes.'],
        organization: null,
        links: [{ href: '/', text: 'Browse all organizations' }],
      }),
    );
  }
  if (!fromOwnSite(request, services)) {
    return sendPage(
      response,
      403,
      messagePage({
        title: 'Form sent from another site',
        paragraphs: [
          `This form was sent to us from another website, so we did not accept it: only the form on this site can make a request to ${organization.name}.`,
          'If you filled in the form here, open it again from the link below and send it again.',
        ],
        organization,
        links: [
          { href: form.kind === 'submit' ? requestFormPath(organization.slug) : verifyPath(organization.slug), text: 'Open the form' },
        ],
      }),
    );
  }
  if (!isUrlEncodedForm(request)) {
    return sendPage(
      response,
      415,
      messagePage({
        title: 'Unsupported form encoding',
        paragraphs: ['This address accepts the portal’s HTML form (application/x-www-form-urlencoded). Scripts should use /graphql.'],
        organization,
      }),
    );
  }
  const body = await readBodyWithin(request, bodyLimit);
  if (body === null) {
    return refuseTooLarge(
      response,
      PAGE_HEADERS,
      messagePage({
        title: 'Form too large',
        paragraphs: [
          `The form sent was larger than ${kilobytes(bodyLimit)}, more than its fields can hold, so it was not accepted.`,
          'Shorten the details (at most 5,000 characters) and send it again.',
        ],
        organization,
        links: [{ href: requestFormPath(organization.slug), text: 'Open the form' }],
      }),
    );
  }
  const fields = new URLSearchParams(body.toString('utf8'));
  const auditRequest = auditRequestFrom(request, services);
  if (form.kind === 'submit') await submit(services, organization, fields, auditRequest, response);
  else await verify(services, organization, fields, auditRequest, response);
}

async function submit(
  services: AppServices,
  organization: PageOrganization,
  fields: URLSearchParams,
  auditRequest: AuditRequest,
  response: ServerResponse,
): Promise<void> {
  const values = requestFormValues(fields);
  const unstorable = (Object.keys(values) as (keyof RequestFormValues)[]).find((name) => hasNul(values[name]));
  if (unstorable) {
    // The answers come back without the character, so sending the form again works.
    const cleaned = requestFormValues(new URLSearchParams([...fields].map(([name, text]) => [name, withoutNul(text)])));
    return sendPage(response, 400, requestFormPage(organization, cleaned, { field: unstorable, message: UNSTORABLE }));
  }
  const input: SubmissionInput = {
    organization: organization.slug,
    idempotencyKey: formIdempotencyKey(organization.slug, values, services.clock.now()),
    email: values.email.trim(),
    name: values.name,
    accountIdentifier: blankToNull(values.accountIdentifier),
    // Any text: the service checks it against GDPR, CCPA and OTHER and names the field when it is none of them.
    jurisdiction: values.jurisdiction as SubmissionInput['jurisdiction'],
    details: blankToNull(values.details),
  };
  try {
    const submitted = await submitDeletionRequest(services, input, auditRequest);
    redirect(response, `${receivedPath(organization.slug)}?reference=${encodeURIComponent(submitted.request.reference)}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problem: FormProblem = { field: error.field ?? null, message: error.message };
    sendPage(response, error.code === 'RATE_LIMITED' ? 429 : 400, requestFormPage(organization, values, problem));
  }
}

async function verify(
  services: AppServices,
  organization: PageOrganization,
  fields: URLSearchParams,
  auditRequest: AuditRequest,
  response: ServerResponse,
): Promise<void> {
  const token = (fields.get('token') ?? '').trim();
  if (token === '') return sendPage(response, 400, verifyFormPage(organization, token, { field: 'token', message: ENTER_CODE }));
  if (hasNul(token))
    return sendPage(response, 400, verifyFormPage(organization, withoutNul(token), { field: 'token', message: UNSTORABLE }));
  try {
    const verified = await verifyDeletionRequest(services, token, auditRequest);
    redirect(response, `${verifiedPath(organization.slug)}?reference=${encodeURIComponent(verified.reference)}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    sendPage(response, 400, verifyFormPage(organization, token, { field: error.field ?? null, message: error.message }));
  }
}

/**
 * Without JavaScript no client makes an idempotency key, so the server
 * derives one from what was submitted and the UTC date: a double click, or a
 * refresh that posts the form again, sends the same answers the same day and
 * gets the request already made; the same answers on another day are a new
 * request, since a person may rightly ask again. The answers are normalised
 * as the intake compares submissions (trimmed, email in lower case), so equal
 * keys always carry equal input and never meet IDEMPOTENCY_KEY_REUSED.
 */
export function formIdempotencyKey(organization: string, values: RequestFormValues, now: Date): string {
  const answers = [
    organization,
    values.email.trim().toLowerCase(),
    values.name.trim(),
    values.accountIdentifier.trim(),
    values.jurisdiction,
    values.details.trim(),
    now.toISOString().slice(0, 10),
  ];
  return `form-${createHash('sha256').update(JSON.stringify(answers)).digest('hex')}`;
}

/** The form's fields as sent; a missing field is empty, as a browser sends an empty input. */
function requestFormValues(fields: URLSearchParams): RequestFormValues {
  const text = (name: string) => fields.get(name) ?? '';
  return {
    email: text('email'),
    name: text('name'),
    accountIdentifier: text('accountIdentifier'),
    jurisdiction: text('jurisdiction'),
    details: text('details'),
  };
}

const blankToNull = (text: string) => (text.trim() === '' ? null : text);

async function organizationOf(services: AppServices, encodedSlug: string): Promise<PageOrganization | null> {
  let slug: string;
  try {
    slug = decodeURIComponent(encodedSlug);
  } catch {
    return null;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) return null;
  return organizationBySlug(services, slug);
}

/**
 * Refuses a cross-site form post (CSRF): browsers send Origin with every
 * POST, and it must be this site: the host the request was sent to, or the
 * configured public address (a proxy may pass the request on under another
 * Host); a browser that says Sec-Fetch-Site: cross-site or same-site is
 * refused too. A request without Origin comes from no browser page, so there
 * is no visitor to abuse. "null" (sandboxed or privacy-stripped origins) is
 * refused. The rule is cors.ts's, the one that keeps cookies to this site.
 */
const fromOwnSite = (request: IncomingMessage, site: SiteAddress) => !fromAnotherOrigin(request, site);

function isUrlEncodedForm(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Request facts for the audit trail, as /graphql records them (auditRequestOf). */
function auditRequestFrom(request: IncomingMessage, proxy: ProxySettings): AuditRequest {
  const headers = new Headers();
  for (const name of ['user-agent', 'x-forwarded-for']) {
    const value = firstHeader(request.headers[name]);
    if (value !== undefined) headers.set(name, value);
  }
  return auditRequestOf(new Request('http://localhost/', { headers }), {
    requestId: requestIdFrom(firstHeader(request.headers['x-request-id'])),
    remoteAddress: request.socket.remoteAddress ?? null,
    ...proxySettingsOf(proxy),
  });
}

const firstHeader = (header: string | string[] | undefined) => (Array.isArray(header) ? header.join(', ') : header);

/** The pages carry no script and no inline style, so the site's Content-Security-Policy holds for them as it is. */
const PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

function sendPage(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, PAGE_HEADERS);
  response.end(html);
}

/** 303: the browser fetches the result page with GET, so a refresh never posts the form again. */
function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' });
  response.end(`See ${location}\n`);
}
