// The key that encrypts privacy-request packages at rest (AES-256-GCM): from
// configuration (PACKAGE_ENCRYPTION_KEY, 32 bytes in base64), or else a key
// generated on first start into the data directory, readable by its owner
// only, and reused from then on. A copy of the database alone therefore
// reveals no package. Each ciphertext is bound to its package's id, so a
// ciphertext copied onto another package's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/domain-error.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PackageKey {
  /** Never logged, never leaves the process. */
  readonly key: Buffer;
}

export interface PackageKeySource {
  /** PACKAGE_ENCRYPTION_KEY: 32 bytes in base64. */
  value: string | undefined;
  /** Where the default key lives (and is generated when missing). */
  file: string;
}

export async function loadPackageKey(source: PackageKeySource): Promise<PackageKey> {
  if (source.value) return parseKey(source.value, 'PACKAGE_ENCRYPTION_KEY');
  try {
    return parseKey(await readFile(source.file, 'utf8'), source.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = randomBytes(KEY_BYTES);
  await mkdir(path.dirname(source.file), { recursive: true });
  try {
    // 'wx': if another process generated one meanwhile, keep theirs.
    await writeFile(source.file, `${generated.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKey(await readFile(source.file, 'utf8'), source.file);
  }
  return { key: generated };
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

function parseKey(text: string, where: string): PackageKey {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new DomainError(
      'PACKAGE_ENCRYPTION_KEY_INVALID',
      `${where} must hold ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32).`,
    );
  }
  return { key };
}
