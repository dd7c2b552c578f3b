// The buttons that end a dialog's form: submit, saying what it does (and
// what it is doing while the API answers), and Cancel beside it.
interface Props {
  /** The submit button's words, such as "Create token". */
  submit: string;
  /** Its words while the API answers, such as "Creating…"; without them the words stay. */
  busySubmit?: string;
  busy: boolean;
  onCancel: () => void;
}

export function FormActions({ submit, busySubmit, busy, onCancel }: Props) {
  return (
    <div class="dash-actions">
      <button type="submit" disabled={busy}>
        {busy && busySubmit ? busySubmit : submit}
      </button>
      <button type="button" class="dash-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
