// A modal dialog on the native <dialog>: the browser keeps focus inside and
// closes it on Escape; this component moves focus to the first field (or the
// element marked data-autofocus) when it opens and back to whatever opened
// it when it closes.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Dialog({ open, title, onClose, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement as HTMLElement | null;
      element.showModal();
      const first =
        element.querySelector<HTMLElement>('[data-autofocus]') ??
        element.querySelector<HTMLElement>('.dash-dialog-body :is(input, select, textarea, button)');
      first?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const onNativeClose = () => {
      opener.current?.focus();
      opener.current = null;
      onClose();
    };
    element.addEventListener('close', onNativeClose);
    return () => element.removeEventListener('close', onNativeClose);
  }, [onClose]);

  return (
    <dialog ref={dialog} class="dash-dialog" aria-labelledby={titleId}>
      <div class="dash-dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="dash-close" aria-label="Close" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </div>
      <div class="dash-dialog-body">{open && children}</div>
    </dialog>
  );
}
