// The status page. The emailed link carries the status token in its
// fragment, which only a script can read; the person may also paste the
// code. Reading the status changes nothing, so it is fetched at once.
import { INTAKE_MESSAGES } from '@governance/policies/vocabulary/intake-messages';
import { GraphQLRequestError, graphqlFetch } from '../graphql-fetch.ts';
import { clearErrors, focusFieldsFromSummary, showErrors } from './field-errors.ts';
import { forgetFragment, tokenFromFragment } from './fragment-token.ts';
import { DELETION_REQUEST_STATUS } from './operations.ts';
import {
  type DeletionRequestStatusView,
  dayOf,
  deadlineWords,
  JURISDICTION_WORDS,
  momentWords,
  REJECTION_WORDS,
  receiptFileName,
  STATUS_WORDS,
} from './status-view.ts';

const ENTER_CODE = 'Enter the status code from the email.';

const form = document.querySelector<HTMLFormElement>('form[data-status-form]');
const summary = document.querySelector<HTMLElement>('.error-summary');
const result = document.querySelector<HTMLElement>('[data-status-result]');
const notFound = document.querySelector<HTMLElement>('[data-status-not-found]');
const status = document.querySelector<HTMLElement>('[data-form-status]');
if (form && summary && result && notFound && status) enhance(form, summary, result, notFound, status);

function enhance(form: HTMLFormElement, summary: HTMLElement, result: HTMLElement, notFound: HTMLElement, status: HTMLElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="token"]');
  if (!input) return;
  form.hidden = false;
  focusFieldsFromSummary(summary);
  let receipt: { fileName: string; text: string } | null = null;
  let latest = 0;

  result.querySelector('[data-download-receipt]')?.addEventListener('click', () => {
    if (receipt) download(receipt.fileName, receipt.text);
  });

  async function load(token: string): Promise<void> {
    const request = ++latest;
    clearErrors(form as HTMLFormElement, summary);
    result.hidden = true;
    notFound.hidden = true;
    status.textContent = 'Looking up your request…';
    let view: DeletionRequestStatusView | null;
    try {
      ({ deletionRequestStatus: view } = await graphqlFetch(DELETION_REQUEST_STATUS, { token }));
    } catch (error) {
      if (request !== latest) return;
      status.textContent = '';
      const message = error instanceof GraphQLRequestError ? error.message : INTAKE_MESSAGES.somethingWentWrong;
      return showErrors(form as HTMLFormElement, summary, [{ field: null, message }]);
    }
    if (request !== latest) return; // a newer lookup is under way
    status.textContent = '';
    if (!view) {
      notFound.hidden = false;
      notFound.focus();
      return;
    }
    receipt = view.receipt ? { fileName: receiptFileName(view.reference), text: view.receipt } : null;
    render(result, view);
    result.hidden = false;
    result.querySelector<HTMLElement>('h2')?.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token === '') showErrors(form, summary, [{ field: 'token', message: ENTER_CODE }]);
    else void load(token);
  });

  // On arrival, and when another link is opened in the same tab (only the fragment changes: no reload).
  const readLink = () => {
    const fromLink = tokenFromFragment(window.location.hash);
    if (!fromLink) return;
    input.value = fromLink;
    forgetFragment(window.location, window.history);
    void load(fromLink);
  };
  window.addEventListener('hashchange', readLink);
  readLink();
}

function setText(root: HTMLElement, name: string, text: string | null): void {
  const value = root.querySelector<HTMLElement>(`[data-value="${name}"]`);
  if (value) value.textContent = text ?? '';
  // Optional facts (extension, outcome) are shown only when there is something to say.
  const row = root.querySelector<HTMLElement>(`[data-row="${name}"]`);
  if (row) row.hidden = text === null || text === '';
}

function render(root: HTMLElement, view: DeletionRequestStatusView): void {
  setText(root, 'reference', view.reference);
  setText(root, 'organizationName', view.organizationName);
  setText(root, 'status', STATUS_WORDS[view.status] ?? view.status);
  setText(root, 'jurisdiction', JURISDICTION_WORDS[view.jurisdiction] ?? view.jurisdiction);
  setText(root, 'receivedAt', dayOf(view.receivedAt));
  setText(root, 'dueAt', deadlineWords(view));
  setText(root, 'extensionReason', view.extensionReason);
  setText(root, 'rejectionCategory', view.rejectionCategory ? (REJECTION_WORDS[view.rejectionCategory] ?? view.rejectionCategory) : null);
  setText(root, 'outcomeReason', view.outcomeReason);

  const history = root.querySelector<HTMLElement>('[data-history]');
  history?.replaceChildren(
    ...view.history.map((event) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = event.occurredAt;
      time.textContent = momentWords(event.occurredAt);
      const text = document.createElement('span');
      text.textContent = event.status ? `${event.summary} (${STATUS_WORDS[event.status] ?? event.status})` : event.summary;
      item.append(time, ': ', text);
      return item;
    }),
  );
  const receiptSection = root.querySelector<HTMLElement>('[data-receipt]');
  if (receiptSection) receiptSection.hidden = view.receipt === null;
  setText(root, 'receiptFileName', receiptFileName(view.reference));
}

/** Saves text as a file, with no server round trip: the receipt is already here. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
