// The confirmation of a step that cannot be undone (revoke a token, disable a
// member, reset their two-step sign-in): what will happen, the one button
// that does it, and Cancel focused first so a stray Enter changes nothing.
// The step's error stays in the dialog; the caller closes it on success.
import type { AnyVariables, DocumentInput } from '@urql/core';
import { useMutation } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { ErrorMessage } from './States.tsx';

interface Props<Data, Variables extends AnyVariables> {
  mutation: DocumentInput<Data, Variables>;
  variables: Variables;
  /** The danger button's words: the step itself, such as "Revoke token". */
  action: string;
  onCancel: () => void;
  /** Called once the API has done the step. */
  onDone: () => void;
  /** What will happen, in a sentence. */
  children: ComponentChildren;
}

export function ConfirmAction<Data, Variables extends AnyVariables>({
  mutation,
  variables,
  action,
  onCancel,
  onDone,
  children,
}: Props<Data, Variables>) {
  const [{ fetching, error }, run] = useMutation(mutation);
  return (
    <div>
      <p>{children}</p>
      {error && <ErrorMessage error={error} />}
      <div class="dash-actions">
        <button
          type="button"
          class="dash-danger"
          disabled={fetching}
          onClick={async () => {
            const result = await run(variables);
            if (!result.error) onDone();
          }}
        >
          {action}
        </button>
        <button type="button" class="dash-secondary" onClick={onCancel} data-autofocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
