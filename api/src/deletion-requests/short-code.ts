// The short codes beside the mailed links, for people who cannot click a
// link: 8 characters of Crockford's base32 (no I, L, O or U), shown in two
// groups (`ABCD-EFGH`), read back case-insensitively with spaces and dashes
// ignored, and the look-alikes a person may type (I, L → 1; O → 0) taken as
// meant. Pure: the service decides what a code opens and counts the misses.
import { createHash, randomInt } from 'node:crypto';

export const SHORT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SHORT_CODE_LENGTH = 8;
const SHORT_CODE = /^[0-9A-HJKMNP-TV-Z]{8}$/;

export function newShortCode(): string {
  let code = '';
  for (let index = 0; index < SHORT_CODE_LENGTH; index++) code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return code;
}

/** `ABCDEFGH` → `ABCD-EFGH`: two groups a person can hold in mind while typing. */
export const groupedShortCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What a person typed, as the code it means; null when it cannot be one. */
export function normaliseShortCode(typed: string): string | null {
  if (typed.length > 40) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return SHORT_CODE.test(code) ? code : null;
}

/** Stored instead of the code: salted with the request's id, so two requests' equal codes never share a hash. */
export function shortCodeHash(requestId: string, code: string): string {
  return createHash('sha256').update(`${requestId}:${code}`, 'utf8').digest('hex');
}
