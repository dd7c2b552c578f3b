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

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="dash-state dash-empty">{children}</p>;
}
