// A secret shown once (an API token, an initial password), with a copy button.
import { useEffect, useRef, useState } from 'preact/hooks';

export function SecretOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // It replaces the form that was focused: focus moves to the one thing to do now.
  useEffect(() => button.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div class="dash-secret">
      <p>
        <strong>{label}</strong> It is shown only this once: copy it now.
      </p>
      <div class="dash-secret-row">
        <code data-testid="secret">{value}</code>
        <button ref={button} type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" class="dash-hint">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying failed: select the text and copy it.' : ''}
      </p>
    </div>
  );
}
