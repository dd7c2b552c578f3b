// The status page with JavaScript: the mailed link carries the status token
// in its fragment, which browsers never send to a server. The script takes it
// out of the address bar and posts it once, in a form body, to the page
// itself; the server checks it, keeps it in this device's HttpOnly cookie
// and answers 303 to the bare status address, which then shows the status on
// every visit (lib/live/status-page.ts). Without JavaScript the page offers
// the same form to type the code.
import { localiseDates } from '../local-dates.ts';
import { forgetFragment, tokenFromFragment } from './fragment-token.ts';

const opening = document.querySelector<HTMLElement>('[data-status-opening]');

/** Posts the token to this page as a form would, so the browser follows the 303 and the history keeps no post. */
function openRequest(token: string): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = window.location.pathname;
  form.hidden = true;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'token';
  field.value = token;
  form.append(field);
  document.body.append(form);
  if (opening) opening.hidden = false;
  form.submit();
}

// On arrival, and when another link is opened in the same tab (only the fragment changes: no reload).
const readLink = () => {
  const fromLink = tokenFromFragment(window.location.hash);
  forgetFragment(window.location, window.history);
  if (fromLink) openRequest(fromLink);
};
window.addEventListener('hashchange', readLink);
readLink();

localiseDates();
