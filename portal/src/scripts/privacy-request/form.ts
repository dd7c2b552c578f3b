// The privacy request form with JavaScript: submits through the GraphQL
// mutation, shows refusals next to their fields without reloading (so
// nothing typed is lost), and goes to the "received" page on success.
// Without JavaScript the same form posts to its own address, and the page
// (portal/src/pages/[org]/privacy-request/index.astro) answers the same way.

import { answerProblems, INTAKE_MESSAGES, type Jurisdiction } from '@governance/policies/vocabulary/intake-messages';
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { correctionRowsOf, filledCorrections, formFieldOfCorrectionPath } from '../../lib/correction-form.ts';
import { GraphQLRequestError, graphqlFetch } from '../graphql-fetch.ts';
import { clearErrors, type FieldError, focusFieldsFromSummary, showErrors } from './field-errors.ts';
import { SUBMIT_PRIVACY_REQUEST, type SubmitPrivacyRequestData } from './operations.ts';
import { createSubmissionKeys } from './submission-key.ts';

const form = document.querySelector<HTMLFormElement>('form[data-privacy-request]');
const summary = document.querySelector<HTMLElement>('.error-summary');
const status = document.querySelector<HTMLElement>('[data-form-status]');
if (form && summary && status) enhance(form, summary, status);

function enhance(form: HTMLFormElement, summary: HTMLElement, status: HTMLElement): void {
  const organization = form.dataset.organization ?? '';
  const receivedUrl = form.dataset.receivedUrl ?? '';
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const keys = createSubmissionKeys();
  let busy = false;
  // The API's messages are clearer than the browser's own bubbles, and appear in the same places.
  form.noValidate = true;
  focusFieldsFromSummary(summary);

  const answers = () => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    return {
      kinds: data.getAll('kinds').map(String),
      email: text('email').trim(),
      name: text('name'),
      accountIdentifier: text('accountIdentifier'),
      jurisdiction: text('jurisdiction'),
      details: text('details'),
      corrections: filledCorrections(correctionRowsOf(data)),
    };
  };

  const setBusy = (value: boolean) => {
    busy = value;
    button?.setAttribute('aria-disabled', String(value));
    status.textContent = value ? 'Sending your request…' : '';
  };

  const fail = (errors: FieldError[]) => {
    setBusy(false);
    showErrors(form, summary, errors);
  };

  async function submit(retriedAfterReuse = false): Promise<void> {
    const given = answers();
    // Every problem the page can see, at once, as the page itself reports them without JavaScript.
    const asksCorrection = given.kinds.includes('CORRECTION');
    const problems: FieldError[] = [...answerProblems(given)];
    if (asksCorrection && given.corrections.items.length === 0) {
      problems.push({ field: 'corrections', message: 'Say what should be corrected: fill in at least one item.' });
    }
    if (problems.length > 0) return fail(problems);
    const input = {
      organization,
      kinds: given.kinds as PrivacyRequestKind[],
      idempotencyKey: keys.keyFor({
        ...given,
        kinds: given.kinds.join(),
        corrections: asksCorrection ? JSON.stringify(given.corrections.items) : '',
      }),
      email: given.email,
      name: given.name,
      accountIdentifier: given.accountIdentifier.trim() === '' ? null : given.accountIdentifier,
      jurisdiction: given.jurisdiction as Jurisdiction,
      details: given.details.trim() === '' ? null : given.details,
      ...(asksCorrection ? { corrections: given.corrections.items } : {}),
    };
    setBusy(true);
    let result: SubmitPrivacyRequestData['submitPrivacyRequest'];
    try {
      ({ submitPrivacyRequest: result } = await graphqlFetch(SUBMIT_PRIVACY_REQUEST, { input }));
    } catch (error) {
      // The key is kept: sending again retries this same request.
      const message = error instanceof GraphQLRequestError ? error.message : INTAKE_MESSAGES.somethingWentWrong;
      return fail([{ field: null, message }]);
    }
    if (result.__typename === 'InputError') {
      if (result.code === 'IDEMPOTENCY_KEY_REUSED' && !retriedAfterReuse) {
        keys.reset();
        return submit(true);
      }
      // An item's refusal (corrections[1].proposedValue) goes to the row it was typed in.
      const field = result.field ? formFieldOfCorrectionPath(result.field, given.corrections.rowOf) : null;
      return fail([{ field, message: result.message }]);
    }
    clearErrors(form, summary);
    status.textContent = 'Request sent.';
    window.location.assign(`${receivedUrl}?reference=${encodeURIComponent(result.data.reference)}`);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!busy) void submit();
  });
}
