// What a dialog that made something shows in place of its form once it is
// made (a token shown once, an invitation sent): the result, and Done to
// close the dialog.
import type { ComponentChildren } from 'preact';

export function DialogResult({ onDone, children }: { onDone: () => void; children: ComponentChildren }) {
  return (
    <div>
      {children}
      <div class="dash-actions">
        <button type="button" class="dash-secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
