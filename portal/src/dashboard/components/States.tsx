import type { CombinedError } from '@urql/core';
import type { ComponentChildren } from 'preact';
import { fieldErrorOf } from '../errors.ts';

export function Loading({ label }: { label: string }) {
  return (
    <p class="dash-state" role="status">
      {label}
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: CombinedError; retry?: () => void }) {
  return (
    <div class="dash-state dash-error" role="alert">
      <p>{fieldErrorOf(error).message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * What the last action did, said in words and announced to screen readers.
 * Always in the page (empty until something is done), so assistive
 * technology announces each new message, and outside any dialog, so it
 * outlives the dialog that did the work.
 */
export function Confirmation({ message }: { message: string }) {
  return (
    <p class={message ? 'dash-confirmation' : 'dash-confirmation-empty'} role="status">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="dash-state dash-empty">{children}</p>;
}

/**
 * The states of a list before it has rows to show: the error (with a retry
 * that goes to the network), loading while nothing is shown yet, and empty.
 */
export function ListStates({
  error,
  fetching,
  items,
  retry,
  loading,
  empty,
}: {
  error: CombinedError | undefined;
  fetching: boolean;
  items: readonly unknown[] | null;
  retry: () => void;
  loading: string;
  empty: ComponentChildren;
}) {
  return (
    <>
      {error && <ErrorMessage error={error} retry={retry} />}
      {!items && fetching && <Loading label={loading} />}
      {items && items.length === 0 && <Empty>{empty}</Empty>}
    </>
  );
}
