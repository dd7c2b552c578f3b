// The public halves of signing keys this deployment used before, from
// configuration: they stay published and trusted, so receipts, checkpoints
// and purge records signed before a key rotation still verify.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/domain-error.ts';
import type { SigningKey } from './signing-key.ts';
import { type PublicKeyEntry, publicKeysFromPem, type TrustedKeys, trustedKeysOf } from './trusted-keys.ts';

export interface RetiredKeySource {
  /** AUDIT_RETIRED_PUBLIC_KEYS: PEM text of one or more public keys, or the path of a PEM file or of a directory of them. */
  value: string | undefined;
  /** Used when `value` is unset: a directory of `*.pem` files; none there (or no directory) means no retired keys. */
  directory: string;
}

export async function loadRetiredPublicKeys(source: RetiredKeySource): Promise<PublicKeyEntry[]> {
  if (source.value?.trimStart().startsWith('-----BEGIN')) return publicKeysFromPem(source.value, 'AUDIT_RETIRED_PUBLIC_KEYS');
  // A path named on purpose must exist; the default directory may not.
  return source.value ? keysAt(source.value, true) : keysAt(source.directory, false);
}

/** What this deployment publishes and trusts: its current signing key first, then the retired ones. */
export async function configuredTrustedKeys(signing: SigningKey, retired: RetiredKeySource | undefined): Promise<TrustedKeys> {
  const current = { id: signing.id, publicKeyPem: signing.publicKeyPem };
  return trustedKeysOf([current, ...(retired ? await loadRetiredPublicKeys(retired) : [])]);
}

async function keysAt(location: string, required: boolean): Promise<PublicKeyEntry[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(location)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return [];
    throw new DomainError('AUDIT_SIGNING_KEY_INVALID', `AUDIT_RETIRED_PUBLIC_KEYS: cannot read ${location} (${(error as Error).message}).`);
  }
  if (!isDirectory) return publicKeysFromPem(await readFile(location, 'utf8'), location);
  // Sorted, so every replica publishes the keys in the same order.
  const files = (await readdir(location)).filter((name) => name.endsWith('.pem')).sort();
  const keys: PublicKeyEntry[] = [];
  for (const name of files) {
    const file = path.join(location, name);
    keys.push(...publicKeysFromPem(await readFile(file, 'utf8'), file));
  }
  return keys;
}
