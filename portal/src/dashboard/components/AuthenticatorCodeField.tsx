// The field for the 6-digit code an authenticator app shows, the same
// wherever the code is asked (turning two-step sign-in on, getting new
// recovery codes, signing in): phones offer the number pad and the code the
// app just showed, and spaces ("123 456") are allowed.
import type { Ref } from 'preact';

interface Props {
  label: string;
  inputRef?: Ref<HTMLInputElement>;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: 'true' | undefined;
}

export function AuthenticatorCodeField({ label, inputRef, ...aria }: Props) {
  return (
    <label>
      {label}
      <input
        ref={inputRef ?? null}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={7}
        required
        {...aria}
      />
    </label>
  );
}
