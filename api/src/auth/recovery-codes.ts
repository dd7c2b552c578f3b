// One-time recovery codes, for a lost phone: ten random codes of 80 bits,
// shown once when two-step sign-in is turned on, stored only as SHA-256
// (enough for values this long; see secrets.ts). People type them, so they
// use an alphabet without look-alikes, and dashes and case do not matter.
import { randomInt } from 'node:crypto';
import { secretHash } from './secrets.ts';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

/** e.g. `7K2M-QX9D-4HRT-B0WZ` */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return characters.match(/.{4}/g)?.join('-') ?? characters;
  });
}

/** The code without dashes or spaces, upper case; null when it cannot be one. */
export function normaliseRecoveryCode(code: string): string | null {
  const characters = code.replace(/[\s-]+/g, '').toUpperCase();
  return characters.length === LENGTH && [...characters].every((character) => ALPHABET.includes(character)) ? characters : null;
}

export function recoveryCodeHash(code: string): string {
  return secretHash(normaliseRecoveryCode(code) ?? code);
}
