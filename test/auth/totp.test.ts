// The TOTP check against RFC 6238's test vectors (SHA-1 seed, six-digit codes
// are the vectors' last six digits), and its one-step window.
import { matchingStep, newTotpSecret, normaliseTotpCode, totpCode } from '@governance/api/auth/totp';
import { describe, expect, it } from 'vitest';

/** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at %i s the code is the last six digits of %s, in its 30-second step', (seconds, code) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(RFC_SEED, at)).toBe(code.slice(-6));
    expect(matchingStep(RFC_SEED, code.slice(-6), at)).toBe(Math.floor(seconds / 30));
  });

  it('accepts a code one step either side of now, not two', () => {
    const now = new Date(1234567890 * 1000);
    const step = Math.floor(1234567890 / 30);
    const codeAtStep = (offset: number) => totpCode(RFC_SEED, new Date((step + offset) * 30_000));
    expect(matchingStep(RFC_SEED, codeAtStep(-1), now)).toBe(step - 1);
    expect(matchingStep(RFC_SEED, codeAtStep(1), now)).toBe(step + 1);
    expect(matchingStep(RFC_SEED, codeAtStep(2), now)).toBeNull();
    expect(matchingStep(RFC_SEED, codeAtStep(-2), now)).toBeNull();
  });

  it('takes six digits with spaces, and nothing else', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    for (const bad of ['12345', '1234567', '12345a', '', '١٢٣٤٥٦']) expect(normaliseTotpCode(bad)).toBeNull();
  });

  it('makes 160-bit base32 secrets', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });
});
