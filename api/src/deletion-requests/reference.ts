// A new public reference such as DR-2026-7K3Q9 (its shape is shared with the
// portal's pages: @governance/policies/vocabulary/request-reference).
import { randomInt } from 'node:crypto';
import { formatReference, REFERENCE_ALPHABET, REFERENCE_SUFFIX_LENGTH } from '@governance/policies/vocabulary/request-reference';

export function newReference(receivedAt: Date): string {
  const suffix = Array.from({ length: REFERENCE_SUFFIX_LENGTH }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
  return formatReference(receivedAt, suffix);
}
