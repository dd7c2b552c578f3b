// The confirmation page with JavaScript. The emailed link carries its code
// in the fragment; the page takes it, hides the fields for typing the short
// code, and confirms nothing until the person presses the button: mail
// scanners open links, they do not press buttons. Without a link (or without
// JavaScript) the person types the reference and the short code, and the
// form posts to its own page (verify/index.astro), which gives the answers.

import { INTAKE_MESSAGES } from '@governance/policies/vocabulary/intake-messages';
import { GraphQLRequestError, graphqlFetch } from '../graphql-fetch.ts';
import { afterConfirmationUrl } from './after-confirmation.ts';
import { clearErrors, type FieldError, focusFieldsFromSummary, showErrors } from './field-errors.ts';
import { forgetFragment, tokenFromFragment } from './fragment-token.ts';
import { VERIFY_DELETION_REQUEST, type VerifyDeletionRequestData } from './operations.ts';

const form = document.querySelector<HTMLFormElement>('form[data-verify-form]');
const summary = document.querySelector<HTMLElement>('.error-summary');
const status = document.querySelector<HTMLElement>('[data-form-status]');
if (form && summary && status) enhance(form, summary, status);

function enhance(form: HTMLFormElement, summary: HTMLElement, status: HTMLElement): void {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const codeFields = form.querySelector<HTMLElement>('[data-code-fields]');
  const codeIntro = document.querySelector<HTMLElement>('[data-code-intro]');
  const linkReady = document.querySelector<HTMLElement>('[data-link-ready]');
  focusFieldsFromSummary(summary);
  let linkToken: string | null = null;

  // On arrival, and when another link is opened in the same tab (only the fragment changes: no reload).
  const readLink = () => {
    const fromLink = tokenFromFragment(window.location.hash);
    if (!fromLink) return;
    linkToken = fromLink;
    forgetFragment(window.location, window.history);
    clearErrors(form, summary);
    // The link names the request: nothing to type, so only the button remains.
    if (codeFields) codeFields.hidden = true;
    if (codeIntro) codeIntro.hidden = true;
    if (linkReady) linkReady.hidden = false;
  };
  window.addEventListener('hashchange', readLink);
  readLink();

  let busy = false;
  const setBusy = (value: boolean) => {
    busy = value;
    button?.setAttribute('aria-disabled', String(value));
    status.textContent = value ? 'Confirming…' : '';
  };
  const fail = (errors: FieldError[]) => {
    setBusy(false);
    showErrors(form, summary, errors);
  };

  async function confirm(token: string): Promise<void> {
    setBusy(true);
    let result: VerifyDeletionRequestData['verifyDeletionRequest'];
    try {
      ({ verifyDeletionRequest: result } = await graphqlFetch(VERIFY_DELETION_REQUEST, { token }));
    } catch (error) {
      return fail([{ field: null, message: error instanceof GraphQLRequestError ? error.message : INTAKE_MESSAGES.somethingWentWrong }]);
    }
    if (result.__typename === 'InputError') {
      // The link did not work: the fields for the short code come back.
      linkToken = null;
      if (codeFields) codeFields.hidden = false;
      if (codeIntro) codeIntro.hidden = false;
      if (linkReady) linkReady.hidden = true;
      return fail([{ field: null, message: result.message }]);
    }
    clearErrors(form, summary);
    status.textContent = 'Confirmed.';
    window.location.assign(afterConfirmationUrl(form.dataset.organization ?? '', result.data));
  }

  form.addEventListener('submit', (event) => {
    // A typed code posts the form: the page answers it, with every problem at once.
    if (linkToken === null) return;
    event.preventDefault();
    if (!busy) void confirm(linkToken);
  });
}
