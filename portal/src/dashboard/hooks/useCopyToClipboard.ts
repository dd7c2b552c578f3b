// Copying a secret shown once (a token, recovery codes) to the clipboard, and
// whether it worked: a browser may refuse (no permission, or the page is not
// served securely), and then the person must select the text themselves.
import { useState } from 'preact/hooks';

export type CopyOutcome = 'yes' | 'failed' | null;

export function useCopyToClipboard(): [CopyOutcome, (text: string) => Promise<void>] {
  const [copied, setCopied] = useState<CopyOutcome>(null);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return [copied, copy];
}
