// The refusals of two-step sign-in, written once: the schema's permission
// checks, the services and the dashboard all speak of the same codes.
import { DomainError } from '../shared/domain-error.ts';

/** The organization requires two-step sign-in and the user has not set it up. */
export const SECOND_FACTOR_REQUIRED = () =>
  new DomainError(
    'SECOND_FACTOR_REQUIRED',
    'Your organization requires two-step sign-in. Set it up on the "Two-step sign-in" page, then try again.',
  );

export const INVALID_SECOND_FACTOR_CODE = (field: string) =>
  new DomainError('INVALID_CODE', 'That code is not right. Check your authenticator app (or your recovery code) and try again.', { field });

export const SIGN_IN_EXPIRED = () =>
  new DomainError('SIGN_IN_EXPIRED', 'This sign-in has expired or was already used. Sign in again with your password.', {
    field: 'challenge',
  });

/** The password was right; the sign-in continues with `completeLogin` and the challenge. */
export const SECOND_STEP_REQUIRED = (challenge: string, expiresAt: Date) =>
  new DomainError('SECOND_STEP_REQUIRED', 'Enter the 6-digit code from your authenticator app to finish signing in.', {
    details: { challenge, challengeExpiresAt: expiresAt.toISOString() },
  });
