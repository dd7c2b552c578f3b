// The "received" and "confirmed" pages: their generic text suffices without
// JavaScript; with it, the reference from the address is shown, once it
// has been checked to be one.
import { referenceFromQuery } from '@governance/policies/vocabulary/request-reference';

const reference = referenceFromQuery(window.location.search);
const target = document.querySelector<HTMLElement>('[data-reference]');
if (reference && target) {
  const value = target.querySelector<HTMLElement>('[data-reference-value]');
  if (value) value.textContent = reference;
  target.hidden = false;
}
