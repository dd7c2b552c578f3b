// The buttons that end a dialog's form: submit, saying what it does (and
// what it is doing while the API answers), and Cancel beside it.
interface Props {
  /** The submit button's words, such as "Create token" (or "Creating…" while the API answers). */
  submit: string;
  /** The submit button is off: the API is answering, or there is nothing to submit yet. */
  disabled: boolean;
  onCancel: () => void;
}

export function FormActions({ submit, disabled, onCancel }: Props) {
  return (
    <div class="dash-actions">
      <button type="submit" disabled={disabled}>
        {submit}
      </button>
      <button type="button" class="dash-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
