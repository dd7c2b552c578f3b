// "Add another item" for the correction items of the request form: shows
// the button (without JavaScript the form's fixed rows are enough), and adds
// an empty row like the last one, renumbered, up to the API's limit; the
// focus moves to the new row's first field so keyboard and screen-reader
// users land where they type.
import { CORRECTION_LIMITS } from '@governance/policies/vocabulary/privacy-request-items';

const renumber = (text: string, index: number) => text.replace(/corrections-\d+-/g, `corrections-${index}-`);

for (const items of document.querySelectorAll<HTMLElement>('[data-correction-rows]')) {
  const button = items.querySelector<HTMLButtonElement>('[data-add-correction]');
  const count = items.querySelector<HTMLInputElement>('[data-correction-count]');
  if (!button || !count) continue;
  const refresh = () => {
    button.hidden = items.querySelectorAll('[data-correction-item]').length >= CORRECTION_LIMITS.items;
  };
  button.addEventListener('click', () => {
    const rows = items.querySelectorAll<HTMLFieldSetElement>('[data-correction-item]');
    const last = rows[rows.length - 1];
    if (!last || rows.length >= CORRECTION_LIMITS.items) return;
    const index = rows.length;
    const row = last.cloneNode(true) as HTMLFieldSetElement;
    const legend = row.querySelector('legend');
    if (legend) legend.textContent = `Item ${index + 1}`;
    for (const element of row.querySelectorAll<HTMLElement>('[id], [for], [name], [aria-describedby], [data-field]')) {
      for (const attribute of ['id', 'for', 'name', 'aria-describedby', 'data-field']) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, renumber(value, index));
      }
    }
    for (const field of row.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      field.value = '';
      field.removeAttribute('aria-invalid');
    }
    for (const error of row.querySelectorAll<HTMLElement>('.field-error')) {
      error.hidden = true;
      error.textContent = '';
    }
    for (const field of row.querySelectorAll('.field-invalid')) field.classList.remove('field-invalid');
    last.after(row);
    count.value = String(index + 1);
    row.querySelector<HTMLInputElement>('input')?.focus();
    refresh();
  });
  button.hidden = false;
  refresh();
}
