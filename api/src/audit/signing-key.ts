// The Ed25519 key that signs checkpoints: from configuration (a PKCS#8 PEM,
// or its DER in base64), or else a key generated on first start into the
// data directory, readable by its owner only, and reused from then on.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/domain-error.ts';
import { publicKeyId } from './checkpoint.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 (hex) of the DER SubjectPublicKeyInfo. */
  id: string;
  /** SPKI PEM, as published. */
  publicKeyPem: string;
}

export interface SigningKeySource {
  /** AUDIT_SIGNING_KEY: PEM or base64 DER (PKCS#8). */
  value: string | undefined;
  /** Where the default key lives (and is generated when missing). */
  file: string;
}

export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if (source.value) return signingKeyFrom(parsePrivateKey(source.value, 'AUDIT_SIGNING_KEY'));
  try {
    return signingKeyFrom(parsePrivateKey(await readFile(source.file, 'utf8'), source.file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(path.dirname(source.file), { recursive: true });
  try {
    // 'wx': if another process generated one meanwhile, keep theirs.
    await writeFile(source.file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signingKeyFrom(parsePrivateKey(await readFile(source.file, 'utf8'), source.file));
  }
  return signingKeyFrom(privateKey);
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    id: publicKeyId(publicKey),
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

function parsePrivateKey(text: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new DomainError('AUDIT_SIGNING_KEY_INVALID', `${where} is not a PKCS#8 private key (PEM, or DER in base64).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new DomainError(
      'AUDIT_SIGNING_KEY_INVALID',
      `${where} is a ${key.asymmetricKeyType} key; audit checkpoints are signed with Ed25519.`,
    );
  }
  return key;
}
