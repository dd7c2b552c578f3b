// The confirmation page with JavaScript. The emailed link carries the token
// in its fragment; the page fills it in but verifies nothing until the person
// presses the button: mail scanners open links, they do not press buttons.
// Without JavaScript the person pastes the code, and the form posts to its
// own page (verify/index.astro), which gives the same answers.

import { INTAKE_MESSAGES } from '@governance/policies/vocabulary/intake-messages';
import { GraphQLRequestError, graphqlFetch } from '../graphql-fetch.ts';
import { clearErrors, type FieldError, focusFieldsFromSummary, showErrors } from './field-errors.ts';
import { forgetFragment, tokenFromFragment } from './fragment-token.ts';
import { VERIFY_DELETION_REQUEST, type VerifyDeletionRequestData } from './operations.ts';

const form = document.querySelector<HTMLFormElement>('form[data-verify-form]');
const summary = document.querySelector<HTMLElement>('.error-summary');
const status = document.querySelector<HTMLElement>('[data-form-status]');
if (form && summary && status) enhance(form, summary, status);

function enhance(form: HTMLFormElement, summary: HTMLElement, status: HTMLElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="token"]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const verifiedUrl = form.dataset.verifiedUrl ?? '';
  if (!input) return;
  form.noValidate = true;
  focusFieldsFromSummary(summary);
  // On arrival, and when another link is opened in the same tab (only the fragment changes: no reload).
  const readLink = () => {
    const fromLink = tokenFromFragment(window.location.hash);
    if (!fromLink || !input) return;
    input.value = fromLink;
    forgetFragment(window.location, window.history);
    clearErrors(form, summary);
    status.textContent = 'The code from your link is filled in. Press “Confirm my email address” to confirm.';
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

  async function confirm(): Promise<void> {
    const token = input?.value.trim() ?? '';
    if (token === '') return fail([{ field: 'token', message: INTAKE_MESSAGES.enterCode }]);
    setBusy(true);
    let result: VerifyDeletionRequestData['verifyDeletionRequest'];
    try {
      ({ verifyDeletionRequest: result } = await graphqlFetch(VERIFY_DELETION_REQUEST, { token }));
    } catch (error) {
      return fail([{ field: null, message: error instanceof GraphQLRequestError ? error.message : INTAKE_MESSAGES.somethingWentWrong }]);
    }
    if (result.__typename === 'InputError') return fail([{ field: result.field === 'token' ? 'token' : null, message: result.message }]);
    clearErrors(form, summary);
    status.textContent = 'Confirmed.';
    window.location.assign(`${verifiedUrl}?reference=${encodeURIComponent(result.data.reference)}`);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!busy) void confirm();
  });
}
