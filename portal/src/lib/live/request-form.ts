// The deletion request and confirmation forms without JavaScript: the form
// posts to its own page, which runs the same mutation as the page script
// does (through the public API, in-process) and either redirects (303) to the
// next page or renders itself again with the answers as typed and the
// problem next to its field, so nothing a person typed is lost.
import { createHash } from 'node:crypto';
import { normaliseEmail } from '@governance/policies/vocabulary/email';
import { INTAKE_MESSAGES, isJurisdiction, REQUIRED_ANSWERS } from '@governance/policies/vocabulary/intake-messages';
import { receivedUrl, verifiedUrl } from '@governance/policies/vocabulary/urls';
import { SUBMIT_DELETION_REQUEST, VERIFY_DELETION_REQUEST } from '../../scripts/privacy-request/operations.ts';
import { dataOf, type LivePageLocals } from './locals.ts';

/** A refusal to show: on its field when the form has one of that name, else in the summary only. */
export interface FormProblem {
  field: string | null;
  message: string;
}

export interface RequestFormValues {
  email: string;
  name: string;
  accountIdentifier: string;
  jurisdiction: string;
  details: string;
}

export const EMPTY_REQUEST_FORM: RequestFormValues = { email: '', name: '', accountIdentifier: '', jurisdiction: '', details: '' };

/** What a form post comes to: the next page, or the form again with a problem and the status to answer with. */
export type FormOutcome<Values> = { redirect: string } | { status: number; values: Values; problem: FormProblem };

const withoutNul = (text: string) => text.replaceAll('\u0000', '');
const hasNul = (text: string) => text.includes('\u0000');
const blankToNull = (text: string) => (text.trim() === '' ? null : text);

/** The form's fields as sent; a missing field is empty, as a browser sends an empty input. */
export function requestFormValues(fields: URLSearchParams): RequestFormValues {
  const text = (name: string) => fields.get(name) ?? '';
  return {
    email: text('email'),
    name: text('name'),
    accountIdentifier: text('accountIdentifier'),
    jurisdiction: text('jurisdiction'),
    details: text('details'),
  };
}

/**
 * Without JavaScript no client makes an idempotency key, so the page
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
    normaliseEmail(values.email),
    values.name.trim(),
    values.accountIdentifier.trim(),
    values.jurisdiction,
    values.details.trim(),
    now.toISOString().slice(0, 10),
  ];
  return `form-${createHash('sha256').update(JSON.stringify(answers)).digest('hex')}`;
}

export async function submitRequestForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<RequestFormValues>> {
  const values = requestFormValues(fields);
  const unstorable = (Object.keys(values) as (keyof RequestFormValues)[]).find((name) => hasNul(values[name]));
  if (unstorable) {
    // The answers come back without the character, so sending the form again works.
    const cleaned = requestFormValues(new URLSearchParams([...fields].map(([name, text]) => [name, withoutNul(text)])));
    return { status: 400, values: cleaned, problem: { field: unstorable, message: INTAKE_MESSAGES.unstorable } };
  }
  if (!isJurisdiction(values.jurisdiction)) {
    const required = REQUIRED_ANSWERS.find(({ field }) => field === 'jurisdiction');
    return { status: 400, values, problem: { field: 'jurisdiction', message: required?.message ?? '' } };
  }
  const input = {
    organization,
    idempotencyKey: formIdempotencyKey(organization, values, locals.now),
    email: values.email.trim(),
    name: values.name,
    accountIdentifier: blankToNull(values.accountIdentifier),
    jurisdiction: values.jurisdiction,
    details: blankToNull(values.details),
  };
  const { submitDeletionRequest: result } = await dataOf(locals, SUBMIT_DELETION_REQUEST, { input });
  if (result.__typename === 'InputError') {
    return { status: result.code === 'RATE_LIMITED' ? 429 : 400, values, problem: { field: result.field, message: result.message } };
  }
  return { redirect: `${receivedUrl(organization)}?reference=${encodeURIComponent(result.data.reference)}` };
}

export async function submitVerifyForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<string>> {
  const token = (fields.get('token') ?? '').trim();
  if (token === '') return { status: 400, values: token, problem: { field: 'token', message: INTAKE_MESSAGES.enterCode } };
  if (hasNul(token)) return { status: 400, values: withoutNul(token), problem: { field: 'token', message: INTAKE_MESSAGES.unstorable } };
  const { verifyDeletionRequest: result } = await dataOf(locals, VERIFY_DELETION_REQUEST, { token });
  if (result.__typename === 'InputError') return { status: 400, values: token, problem: { field: result.field, message: result.message } };
  return { redirect: `${verifiedUrl(organization)}?reference=${encodeURIComponent(result.data.reference)}` };
}
