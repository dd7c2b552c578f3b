// The keys an offline verifier trusts, read from a file its user holds: a
// saved copy of /.well-known/audit-checkpoints/<org>.json, or a pinned PEM
// public key. Used by receipt:verify and audit:verify; never the database.
import { readFile } from 'node:fs/promises';
import { publishedKeysById } from '../audit/checkpoint.ts';
import { publicKeysFromPem, type TrustedKeys, trustedKeysOf } from '../audit/trusted-keys.ts';
import { DomainError } from '../shared/domain-error.ts';
import { UsageError } from './run-command.ts';

/** A file's text, a missing or unreadable file being a usage error that names it. */
export async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** The keys of a published key list (each id must be the hash of its key), from a document already read. */
export function keysOfPublishedList(document: unknown, file: string): TrustedKeys {
  const publicKeys = (document as { publicKeys?: unknown } | null)?.publicKeys;
  if (!Array.isArray(publicKeys)) {
    throw new UsageError(`${file} is neither a PEM public key nor a published key list (expected "publicKeys").`);
  }
  return publishedKeysById(publicKeys);
}

/** The keys in a PEM file (one or more PUBLIC KEY blocks) or in a saved published key list. */
export async function readTrustedKeyFile(file: string): Promise<TrustedKeys> {
  const text = await readTextFile(file, 'key file');
  if (text.trimStart().startsWith('-----BEGIN')) {
    try {
      return trustedKeysOf(publicKeysFromPem(text, file));
    } catch (error) {
      if (error instanceof DomainError) throw new UsageError(error.message);
      throw error;
    }
  }
  return keysOfPublishedList(parseJson(text, file), file);
}
