// The privacy request and confirmation forms without JavaScript: the form
// posts to its own page, which runs the same mutation as the page script
// does (through the public API, in-process) and either redirects (303) to the
// next page or renders itself again with the answers as typed and the
// problem next to its field, so nothing a person typed is lost.
import { createHash } from 'node:crypto';
import { normaliseEmail } from '@governance/policies/vocabulary/email';
import { answerProblems, INTAKE_MESSAGES } from '@governance/policies/vocabulary/intake-messages';
import { inKindOrder, isPrivacyRequestKind, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { receivedUrl } from '@governance/policies/vocabulary/urls';
import { afterConfirmationUrl } from '../../scripts/privacy-request/after-confirmation.ts';
import {
  SUBMIT_PRIVACY_REQUEST,
  VERIFY_DELETION_REQUEST,
  VERIFY_DELETION_REQUEST_WITH_CODE,
} from '../../scripts/privacy-request/operations.ts';
import { type CorrectionRow, correctionRowsOf, filledCorrections, formFieldOfCorrectionPath } from '../correction-form.ts';
import { dataOf, type LivePageLocals } from './locals.ts';

/** A refusal to show: on its field when the form has one of that name, else in the summary only. */
export interface FormProblem {
  field: string | null;
  message: string;
}

export interface RequestFormValues {
  /** The kinds ticked, as sent (unknown values included, so the refusal can name them). */
  kinds: string[];
  email: string;
  name: string;
  accountIdentifier: string;
  jurisdiction: string;
  details: string;
  /** The correction rows as typed, blank ones included (read only when "Correct something" is ticked). */
  corrections?: CorrectionRow[];
}

/**
 * A fresh form has "Delete my data" ticked: deletion is what most people
 * come for (a search for "delete my data" offers this form), and a form
 * posted before kinds asked for it alone; a person asking only for a copy or
 * a correction unticks it.
 */
export const EMPTY_REQUEST_FORM: RequestFormValues = {
  kinds: ['DELETION'],
  email: '',
  name: '',
  accountIdentifier: '',
  jurisdiction: '',
  details: '',
};

/**
 * Sent by the form that asks for kinds. A post without it comes from the
 * form as it was before kinds (a page still open or cached), which asked for
 * deletion only; a post with it and no kind ticked asked for nothing, and is
 * told so.
 */
export const KINDS_ASKED_FIELD = 'kindsAsked';

const TEXT_FIELDS = ['email', 'name', 'accountIdentifier', 'jurisdiction', 'details'] as const;

/** What a form post comes to: the next page, or the form again with every problem and the status to answer with. */
export type FormOutcome<Values> = { redirect: string } | { status: number; values: Values; problems: FormProblem[] };

const withoutNul = (text: string) => text.replaceAll('\u0000', '');
const hasNul = (text: string) => text.includes('\u0000');
const blankToNull = (text: string) => (text.trim() === '' ? null : text);

/** The form's fields as sent; a missing field is empty, as a browser sends an empty input. */
export function requestFormValues(fields: URLSearchParams): RequestFormValues {
  const text = (name: string) => fields.get(name) ?? '';
  const kinds = fields.getAll('kinds');
  return {
    kinds: kinds.length === 0 && !fields.has(KINDS_ASKED_FIELD) ? ['DELETION'] : kinds,
    email: text('email'),
    name: text('name'),
    accountIdentifier: text('accountIdentifier'),
    jurisdiction: text('jurisdiction'),
    details: text('details'),
    corrections: correctionRowsOf(fields),
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
export function formIdempotencyKey(
  organization: string,
  values: Omit<RequestFormValues, 'kinds'> & { kinds?: readonly string[] },
  now: Date,
): string {
  const answers: string[] = [
    organization,
    normaliseEmail(values.email),
    values.name.trim(),
    values.accountIdentifier.trim(),
    values.jurisdiction,
    values.details.trim(),
    now.toISOString().slice(0, 10),
  ];
  // Deletion alone keys as the form did before kinds, so a post repeated across the change is still one request.
  const kinds = inKindOrder((values.kinds ?? ['DELETION']).filter(isPrivacyRequestKind)).join();
  if (kinds !== 'DELETION') answers.push(kinds);
  // What to correct is part of the request: other items the same day are another request.
  if (kinds.includes('CORRECTION')) answers.push(JSON.stringify(filledCorrections(values.corrections ?? []).items));
  return `form-${createHash('sha256').update(JSON.stringify(answers)).digest('hex')}`;
}

export async function submitRequestForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<RequestFormValues>> {
  const values = requestFormValues(fields);
  const unstorable: string[] = TEXT_FIELDS.filter((name) => hasNul(values[name]));
  (values.corrections ?? []).forEach((row, index) => {
    for (const [part, text] of Object.entries(row)) if (hasNul(text)) unstorable.push(`corrections-${index}-${part}`);
  });
  if (unstorable.length > 0) {
    // The answers come back without the character, so sending the form again works.
    const cleaned = requestFormValues(new URLSearchParams([...fields].map(([name, text]) => [name, withoutNul(text)])));
    return { status: 400, values: cleaned, problems: unstorable.map((field) => ({ field, message: INTAKE_MESSAGES.unstorable })) };
  }
  // Everything the page can see is reported at once; the API then judges the rest.
  const asksCorrection = values.kinds.includes('CORRECTION');
  const corrections = filledCorrections(values.corrections ?? []);
  const problems: FormProblem[] = [...answerProblems(values)];
  if (asksCorrection && corrections.items.length === 0) {
    problems.push({ field: 'corrections', message: 'Say what should be corrected: fill in at least one item.' });
  }
  if (problems.length > 0) return { status: 400, values, problems };
  const jurisdiction = values.jurisdiction as 'GDPR' | 'CCPA' | 'OTHER';
  const input = {
    organization,
    // answerProblems has checked that each kind is one of the list.
    kinds: values.kinds as PrivacyRequestKind[],
    idempotencyKey: formIdempotencyKey(organization, values, locals.now),
    email: values.email.trim(),
    name: values.name,
    accountIdentifier: blankToNull(values.accountIdentifier),
    jurisdiction,
    details: blankToNull(values.details),
    ...(asksCorrection ? { corrections: corrections.items } : {}),
  };
  const { submitPrivacyRequest: result } = await dataOf(locals, SUBMIT_PRIVACY_REQUEST, { input });
  if (result.__typename === 'InputError') {
    // An item's refusal (corrections[1].proposedValue) goes to the row it was typed in.
    const field = result.field ? formFieldOfCorrectionPath(result.field, corrections.rowOf) : null;
    return { status: result.code === 'RATE_LIMITED' ? 429 : 400, values, problems: [{ field, message: result.message }] };
  }
  return { redirect: `${receivedUrl(organization)}?reference=${encodeURIComponent(result.data.reference)}` };
}

export interface VerifyFormValues {
  reference: string;
  /** The short code, or the long code of the link (`drv_…`) pasted whole. */
  token: string;
}

export const EMPTY_VERIFY_FORM: VerifyFormValues = { reference: '', token: '' };

/** The API names the short code `code`; on the page it is the one code field, `token`. */
const pageField = (field: string | null) => (field === 'code' ? 'token' : field);

export async function submitVerifyForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<VerifyFormValues>> {
  const typed = { reference: (fields.get('reference') ?? '').trim(), token: (fields.get('token') ?? '').trim() };
  const unstorable = (Object.keys(typed) as (keyof VerifyFormValues)[]).filter((name) => hasNul(typed[name]));
  if (unstorable.length > 0) {
    const cleaned = { reference: withoutNul(typed.reference), token: withoutNul(typed.token) };
    return { status: 400, values: cleaned, problems: unstorable.map((field) => ({ field, message: INTAKE_MESSAGES.unstorable })) };
  }
  let outcome:
    | { __typename: 'InputError'; field: string | null; message: string }
    | { __typename: string; data: { reference: string; status: string } };
  if (typed.token.startsWith('drv_')) {
    // The link's long code, pasted: it names its request itself.
    outcome = await verifyByLink(locals, typed.token);
  } else {
    const problems: FormProblem[] = [];
    if (typed.reference === '') problems.push({ field: 'reference', message: INTAKE_MESSAGES.enterReference });
    if (typed.token === '') problems.push({ field: 'token', message: INTAKE_MESSAGES.enterCode });
    if (problems.length > 0) return { status: 400, values: typed, problems };
    const { verifyDeletionRequestWithCode: result } = await dataOf(locals, VERIFY_DELETION_REQUEST_WITH_CODE, {
      reference: typed.reference,
      code: typed.token,
    });
    outcome = result;
  }
  if ('message' in outcome)
    return { status: 400, values: typed, problems: [{ field: pageField(outcome.field), message: outcome.message }] };
  return { redirect: afterConfirmationUrl(organization, outcome.data) };
}

async function verifyByLink(locals: LivePageLocals, token: string) {
  return (await dataOf(locals, VERIFY_DELETION_REQUEST, { token })).verifyDeletionRequest;
}
