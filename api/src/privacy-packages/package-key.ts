// The key that encrypts privacy-request packages at rest (AES-256-GCM): from
// configuration (PACKAGE_ENCRYPTION_KEY, 32 bytes in base64), or else a key
// generated on first start into the data directory, readable by its owner
// only, and reused from then on. A copy of the database alone therefore
// reveals no package. Each ciphertext is bound to its package's id, so a
// ciphertext copied onto another package's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type EncryptionKeySource, ENCRYPTION_KEY_BYTES as KEY_BYTES, loadEncryptionKey } from '../shared/encryption-key.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PackageKey {
  /** Never logged, never leaves the process. */
  readonly key: Buffer;
}

/** PACKAGE_ENCRYPTION_KEY, or the default key's file. */
export type PackageKeySource = EncryptionKeySource;

export async function loadPackageKey(source: PackageKeySource): Promise<PackageKey> {
  return { key: await loadEncryptionKey(source, { name: 'PACKAGE_ENCRYPTION_KEY', invalid: 'PACKAGE_ENCRYPTION_KEY_INVALID' }) };
}

export function packageKeyFrom(key: Buffer): PackageKey {
  if (key.length !== KEY_BYTES) throw new Error(`a package key has ${KEY_BYTES} bytes, not ${key.length}`);
  return { key };
}

/** iv || tag || ciphertext. */
export function encryptPackage(key: PackageKey, packageId: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(packageId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws when the ciphertext was made with another key or for another package: tampering or a lost key. */
export function decryptPackage(key: PackageKey, packageId: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(packageId, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}
