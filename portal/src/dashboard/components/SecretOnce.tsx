// A secret shown once (an API token, an initial password), with a copy button.
import { useEffect, useRef } from 'preact/hooks';
import { useCopyToClipboard } from '../hooks/useCopyToClipboard.ts';
import { CopyStatus } from './CopyStatus.tsx';

export function SecretOnce({ label, value }: { label: string; value: string }) {
  const [copied, copy] = useCopyToClipboard();
  const button = useRef<HTMLButtonElement>(null);
  // It replaces the form that was focused: focus moves to the one thing to do now.
  useEffect(() => button.current?.focus(), []);
  return (
    <div class="dash-secret">
      <p>
        <strong>{label}</strong> It is shown only this once: copy it now.
      </p>
      <div class="dash-secret-row">
        <code data-testid="secret">{value}</code>
        <button ref={button} type="button" onClick={() => copy(value)}>
          Copy
        </button>
      </div>
      <CopyStatus copied={copied} selectInstead="select the text and copy it" />
    </div>
  );
}
