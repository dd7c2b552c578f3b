// The key that encrypts staff TOTP secrets (AES-256-GCM): from configuration
// (MFA_ENCRYPTION_KEY, 32 bytes in base64), or else a key generated on first
// start into the data directory, readable by its owner only, and reused from
// then on. A copy of the database alone therefore does not reveal secrets.
// Each ciphertext is bound to its user id, so a secret copied onto another
// user's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/domain-error.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

export interface SecondFactorKey {
  /** Never logged, never leaves the process. */
  readonly key: Buffer;
}

export interface SecondFactorKeySource {
  /** MFA_ENCRYPTION_KEY: 32 bytes in base64. */
  value: string | undefined;
  /** Where the default key lives (and is generated when missing). */
  file: string;
}

export async function loadSecondFactorKey(source: SecondFactorKeySource): Promise<SecondFactorKey> {
  if (source.value) return parseKey(source.value, 'MFA_ENCRYPTION_KEY');
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

function parseKey(text: string, where: string): SecondFactorKey {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new DomainError(
      'MFA_ENCRYPTION_KEY_INVALID',
      `${where} must hold ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32).`,
    );
  }
  return { key };
}
