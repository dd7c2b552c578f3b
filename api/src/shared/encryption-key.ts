// A 32-byte AES-256 key from configuration (base64), or else one generated on
// first start into the data directory, readable by its owner only, and reused
// from then on: a copy of the database alone then reveals nothing the key
// protects. One owner for every such key (second-factor secrets, privacy
// packages), so each loads, generates and refuses bad keys the same way.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from './domain-error.ts';
import type { ErrorCode } from './error-codes.ts';

export const ENCRYPTION_KEY_BYTES = 32;

export interface EncryptionKeySource {
  /** The setting's value: 32 bytes in base64, or unset for the generated default. */
  value: string | undefined;
  /** Where the default key lives (and is generated when missing). */
  file: string;
}

/** Which setting the key comes from, and the error that names it when it is malformed. */
export interface EncryptionKeySetting {
  name: string;
  invalid: ErrorCode;
}

export async function loadEncryptionKey(source: EncryptionKeySource, setting: EncryptionKeySetting): Promise<Buffer> {
  if (source.value) return parseKey(source.value, setting.name, setting);
  try {
    return parseKey(await readFile(source.file, 'utf8'), source.file, setting);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = randomBytes(ENCRYPTION_KEY_BYTES);
  await mkdir(path.dirname(source.file), { recursive: true });
  try {
    // 'wx': if another process generated one meanwhile, keep theirs.
    await writeFile(source.file, `${generated.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKey(await readFile(source.file, 'utf8'), source.file, setting);
  }
  return generated;
}

function parseKey(text: string, where: string, setting: EncryptionKeySetting): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== ENCRYPTION_KEY_BYTES) {
    throw new DomainError(setting.invalid, `${where} must hold ${ENCRYPTION_KEY_BYTES} random bytes in base64 (openssl rand -base64 32).`);
  }
  return key;
}
