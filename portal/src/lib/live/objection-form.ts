// The objection form and its confirmation without JavaScript: the form posts
// to its own page, which runs the public mutation in-process and redirects
// (303) to "check your email", or renders itself again with the answers as
// typed and each problem beside its field. The confirmation page confirms
// only on POST (its button): a mail scanner that opens the link confirms
// nothing.
import { OBJECTION_MESSAGES } from '@governance/policies/vocabulary/subprocessor-objections';
import { subprocessorObjectionSentUrl } from '@governance/policies/vocabulary/urls';
import {
  OBJECT_TO_SUBPROCESSOR_CHANGE,
  OBJECTION_LIST,
  VERIFY_SUBPROCESSOR_OBJECTION,
} from '../../scripts/subprocessor-objections/operations.ts';
import { dataOf, type LivePageLocals } from './locals.ts';
import type { FormOutcome, FormProblem } from './request-form.ts';

export interface ObjectionFormValues {
  version: string;
  email: string;
  company: string;
  reason: string;
}

export const EMPTY_OBJECTION_FORM: ObjectionFormValues = { version: '', email: '', company: '', reason: '' };

const FIELDS = ['version', 'email', 'company', 'reason'] as const;

export interface ObjectedList {
  version: string;
  summary: string;
  effectiveAt: string;
}

/** The version the page is about: the one named in the address, else the one that takes effect next; null when there is none to object to. */
export async function objectedList(locals: LivePageLocals, organization: string, version: string | null): Promise<ObjectedList | null> {
  const typed = (version ?? '').slice(0, 40);
  const { organization: found } = await dataOf(locals, OBJECTION_LIST, { slug: organization, version: typed });
  const list = (typed ? found?.subprocessorList : found?.upcomingSubprocessorList) ?? null;
  return list ? { version: list.version, summary: list.summary, effectiveAt: String(list.effectiveAt) } : null;
}

export async function submitObjectionForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<ObjectionFormValues>> {
  const values = Object.fromEntries(FIELDS.map((name) => [name, fields.get(name) ?? ''])) as unknown as ObjectionFormValues;
  const unstorable = FIELDS.filter((name) => values[name].includes('\u0000'));
  if (unstorable.length > 0) {
    const cleaned = Object.fromEntries(
      FIELDS.map((name) => [name, values[name].replaceAll('\u0000', '')]),
    ) as unknown as ObjectionFormValues;
    return { status: 400, values: cleaned, problems: unstorable.map((field) => ({ field, message: OBJECTION_MESSAGES.unstorable })) };
  }
  // Every empty answer is reported at once; the API judges the rest.
  const problems: FormProblem[] = [];
  if (values.email.trim() === '') problems.push({ field: 'email', message: OBJECTION_MESSAGES.emailMissing });
  if (values.company.trim() === '') problems.push({ field: 'company', message: OBJECTION_MESSAGES.company });
  if (values.reason.trim() === '') problems.push({ field: 'reason', message: OBJECTION_MESSAGES.reason });
  if (problems.length > 0) return { status: 400, values, problems };
  const { objectToSubprocessorChange: result } = await dataOf(locals, OBJECT_TO_SUBPROCESSOR_CHANGE, {
    input: { organization, version: values.version, email: values.email.trim(), company: values.company, reason: values.reason },
  });
  if (result.__typename === 'InputError') {
    const status = result.code === 'RATE_LIMITED' ? 429 : result.code === 'OBJECTION_PERIOD_ENDED' ? 409 : 400;
    return { status, values, problems: [{ field: result.field, message: result.message }] };
  }
  return { redirect: subprocessorObjectionSentUrl(organization, result.data.version) };
}

export type ConfirmationOutcome =
  | { confirmed: true; version: string; effectiveAt: string }
  | { confirmed: false; status: number; message: string };

export async function confirmObjection(locals: LivePageLocals, fields: URLSearchParams): Promise<ConfirmationOutcome> {
  const token = (fields.get('token') ?? '').trim();
  if (token === '' || token.length > 200 || token.includes('\u0000'))
    return { confirmed: false, status: 400, message: OBJECTION_MESSAGES.invalidLink };
  const { verifySubprocessorObjection: result } = await dataOf(locals, VERIFY_SUBPROCESSOR_OBJECTION, { token });
  if (result.__typename === 'InputError')
    return { confirmed: false, status: result.code === 'OBJECTION_PERIOD_ENDED' ? 409 : 400, message: result.message };
  return { confirmed: true, version: result.data.version, effectiveAt: String(result.data.effectiveAt) };
}
