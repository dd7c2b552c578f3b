// Session and API token values: 256 random bits, shown once, stored only as
// SHA-256 (enough for secrets this long; a slow hash would add nothing).
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_PREFIX = 'gps_';
export const API_TOKEN_PREFIX = 'gpt_';

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
