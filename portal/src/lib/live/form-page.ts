// What a requester's form page does before it renders, written once for the
// request form and the confirmation form: find the organization, honour a
// refusal the API server made before the page read the post (origin,
// encoding, size), run the page's own mutation on POST, and either redirect
// (303, so a refresh never posts again) or render the form once more with the
// answers as typed and the problem beside its field.

import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import type { AstroGlobal } from 'astro';
import { ORGANIZATION_NOT_FOUND, REFUSALS } from './form-refusal.ts';
import type { LivePageLocals } from './locals.ts';
import { type PageOrganization, pageOrganization } from './page-organization.ts';
import type { FormOutcome, FormProblem } from './request-form.ts';

export interface FormPageState<Values> {
  organization: PageOrganization | null;
  refusal: FormRefusal | undefined;
  values: Values;
  /** Every problem of the post, in the form's order. */
  problems: FormProblem[];
  /** The next page, after a post the API accepted. */
  redirect?: string;
  /** The page's title for what it shows: not found, refused, the form with an error, or the form. */
  title: string;
  /** Not found or refused: the page only explains, so search engines should not keep it. */
  explainsOnly: boolean;
}

type Submit<Values> = (locals: LivePageLocals, organization: string, fields: URLSearchParams) => Promise<FormOutcome<Values>>;

export async function formPageState<Values>(
  astro: AstroGlobal,
  form: { empty: Values; title: (organization: PageOrganization) => string; submit: Submit<Values> },
): Promise<FormPageState<Values>> {
  const organization = await pageOrganization(astro.locals, astro.params.org);
  const refusal = astro.request.method === 'POST' ? astro.locals.formRefusal : undefined;
  const state: FormPageState<Values> = { organization, refusal, values: form.empty, problems: [], title: '', explainsOnly: true };
  if (!organization) {
    astro.response.status = ORGANIZATION_NOT_FOUND.status;
    return { ...state, title: ORGANIZATION_NOT_FOUND.title };
  }
  if (refusal) {
    astro.response.status = REFUSALS[refusal.kind].status;
    return { ...state, title: REFUSALS[refusal.kind].title };
  }
  const formTitle = form.title(organization);
  if (astro.request.method !== 'POST') return { ...state, title: formTitle, explainsOnly: false };
  const outcome = await form.submit(astro.locals, organization.slug, new URLSearchParams(await astro.request.text()));
  if ('redirect' in outcome) return { ...state, redirect: outcome.redirect, title: formTitle, explainsOnly: false };
  astro.response.status = outcome.status;
  return { ...state, values: outcome.values, problems: outcome.problems, title: `Error: ${formTitle}`, explainsOnly: false };
}
