// Whether copying a secret shown once worked, announced (role=status). When
// the browser refuses, it says how to copy by hand, naming what to select.
import type { CopyOutcome } from '../hooks/useCopyToClipboard.ts';

export function CopyStatus({ copied, selectInstead }: { copied: CopyOutcome; selectInstead: string }) {
  return (
    <p role="status" class="dash-hint">
      {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? `Copying failed: ${selectInstead}.` : ''}
    </p>
  );
}
