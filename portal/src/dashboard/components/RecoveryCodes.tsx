// Recovery codes, shown once: a list to copy, download or print, and a plain
// warning that they will not be shown again.
import { useEffect, useRef } from 'preact/hooks';
import { useCopyToClipboard } from '../hooks/useCopyToClipboard.ts';
import { CopyStatus } from './CopyStatus.tsx';

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, copy] = useCopyToClipboard();
  const heading = useRef<HTMLHeadingElement>(null);
  // It replaces the form that was focused: focus moves to what must be read now.
  useEffect(() => heading.current?.focus(), []);
  const text = `Governance portal recovery codes\nEach code signs you in once if you cannot use your authenticator app.\n\n${codes.join('\n')}\n`;
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <section class="dash-panel dash-recovery" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading" ref={heading} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <p class="dash-notice">
        <strong>These codes are shown only this once.</strong> If you lose your phone, each code lets you sign in one time. Keep them
        somewhere safe, such as your password manager.
      </p>
      <ol class="dash-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="dash-actions">
        <button type="button" class="dash-secondary" onClick={() => copy(text)}>
          Copy codes
        </button>
        <a class="dash-button-link" href={download} download="governance-portal-recovery-codes.txt">
          Download codes
        </a>
        <button type="button" onClick={onDone}>
          I have saved my codes
        </button>
      </div>
      <CopyStatus copied={copied} selectInstead="select the codes and copy them" />
    </section>
  );
}
