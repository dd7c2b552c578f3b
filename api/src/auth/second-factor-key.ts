// The key that encrypts staff TOTP secrets (AES-256-GCM): from configuration
// (MFA_ENCRYPTION_KEY, 32 bytes in base64), or else a key generated on first
// start into the data directory, readable by its owner only, and reused from
// then on. A copy of the database alone therefore does not reveal secrets.
// Each ciphertext is bound to its user id, so a secret copied onto another
// user's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type EncryptionKeySource, ENCRYPTION_KEY_BYTES as KEY_BYTES, loadEncryptionKey } from '../shared/encryption-key.ts';

const IV_BYTES = 12;
const VERSION = 'v1';

export interface SecondFactorKey {
  /** Never logged, never leaves the process. */
  readonly key: Buffer;
}

/** MFA_ENCRYPTION_KEY, or the default key's file. */
export type SecondFactorKeySource = EncryptionKeySource;

export async function loadSecondFactorKey(source: SecondFactorKeySource): Promise<SecondFactorKey> {
  return { key: await loadEncryptionKey(source, { name: 'MFA_ENCRYPTION_KEY', invalid: 'MFA_ENCRYPTION_KEY_INVALID' }) };
}

export function secondFactorKeyFrom(key: Buffer): SecondFactorKey {
  if (key.length !== KEY_BYTES) throw new Error(`a second-factor key has ${KEY_BYTES} bytes, not ${key.length}`);
  return { key };
}

export function encryptSecret(key: SecondFactorKey, userId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Throws when the ciphertext was made with another key or for another user: that is tampering or a lost key. */
export function decryptSecret(key: SecondFactorKey, userId: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error('unknown second-factor secret format');
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
