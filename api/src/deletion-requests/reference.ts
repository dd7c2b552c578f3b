// Public references such as DR-2026-7K3Q9: the year, then five characters of
// Crockford's base32 (no I, L, O or U, so they read aloud unambiguously).
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(receivedAt: Date): string {
  const suffix = Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `DR-${receivedAt.getUTCFullYear()}-${suffix}`;
}
