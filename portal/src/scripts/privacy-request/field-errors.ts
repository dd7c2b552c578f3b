// Shows the API's refusals on a form the way the page itself renders them
// after a refused no-JavaScript post (lib/live/field-state.ts,
// components/privacy-request/FieldError.astro): the message next to its field, the field
// marked invalid and described by the message, and a summary at the top that
// takes focus so a screen reader announces it and a keyboard user starts there.
//
// Markup: each field is `[data-field="<API field name>"]` holding a
// `.field-error` element (`<name>-error`) and its controls; the summary is
// `.error-summary` with a `ul`.

export interface FieldError {
  /** The API's field name; null or unknown fields appear in the summary only. */
  field: string | null;
  message: string;
}

function describedBy(control: Element, errorId: string, add: boolean): void {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id !== '' && id !== errorId);
  if (add) ids.push(errorId);
  if (ids.length > 0) control.setAttribute('aria-describedby', ids.join(' '));
  else control.removeAttribute('aria-describedby');
}

/** The element that describes a field: the fieldset of a radio group, else the control itself. */
function describedElements(field: Element): Element[] {
  const fieldset = field.matches('fieldset') ? field : null;
  return fieldset ? [fieldset] : [...field.querySelectorAll('input, textarea, select')];
}

export function clearErrors(form: HTMLFormElement, summary: HTMLElement): void {
  summary.hidden = true;
  summary.querySelector('ul')?.replaceChildren();
  for (const field of form.querySelectorAll<HTMLElement>('[data-field]')) {
    field.classList.remove('field-invalid');
    const error = field.querySelector<HTMLElement>('.field-error');
    if (error) {
      error.hidden = true;
      error.textContent = '';
      for (const element of describedElements(field)) describedBy(element, error.id, false);
    }
    for (const control of field.querySelectorAll('input, textarea, select')) control.removeAttribute('aria-invalid');
  }
}

export function showErrors(form: HTMLFormElement, summary: HTMLElement, errors: readonly FieldError[]): void {
  clearErrors(form, summary);
  const list = summary.querySelector('ul');
  for (const { field: name, message } of errors) {
    const field = name ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`) : null;
    const error = field?.querySelector<HTMLElement>('.field-error');
    const firstControl = field?.querySelector<HTMLElement>('input, textarea, select');
    const item = document.createElement('li');
    if (field && error && firstControl) {
      field.classList.add('field-invalid');
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = 'Error: ';
      error.replaceChildren(prefix, message);
      error.hidden = false;
      for (const element of describedElements(field)) describedBy(element, error.id, true);
      for (const control of field.querySelectorAll('input, textarea, select')) control.setAttribute('aria-invalid', 'true');
      const link = document.createElement('a');
      link.href = `#${firstControl.id}`;
      link.textContent = message;
      item.append(link);
    } else {
      item.textContent = message;
    }
    list?.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

/** A summary link moves focus to its field (following a fragment alone only scrolls there). */
export function focusFieldsFromSummary(summary: HTMLElement): void {
  summary.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    const target = link?.hash ? document.getElementById(link.hash.slice(1)) : null;
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  });
}
