// Time-based one-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second
// steps), through the otpauth library. A code is accepted one step either
// side of now, for clocks that drift and codes typed near a step's end; the
// caller remembers the step it accepted so no code works twice.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Steps accepted either side of now. */
const WINDOW = 1;

/** A new random secret (160 bits, as RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI authenticator apps read from the QR code. */
export function otpauthUri(secretBase32: string, issuer: string, account: string): string {
  return totpOf(secretBase32, { issuer, label: account }).toString();
}

/** The code for `at` (for tests and tools; the product only checks codes). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/** Six digits, spaces allowed (apps show "123 456"); anything else is not a code. */
export function normaliseTotpCode(code: string): string | null {
  const digits = code.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** The 30-second step the code belongs to, or null when it matches none within the window. */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const token = normaliseTotpCode(code);
  if (token === null) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

function totpOf(secretBase32: string, names: { issuer?: string; label?: string } = {}): TOTP {
  return new TOTP({
    ...names,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}
