// The public keys a verifier trusts, and nothing else: a key is trusted
// because the verifier already holds it (the server: its configuration; an
// outside verifier: the copy of the published list it saved, or a pinned
// PEM), never because the database names it. Pure functions.
import { createPublicKey } from 'node:crypto';
import { DomainError } from '../shared/domain-error.ts';
import { type Checkpoint, checkpointSignatureValid, publicKeyId } from './checkpoint.ts';

/**
 * Trusted Ed25519 public keys by id (SHA-256 hex of the DER SPKI) → SPKI PEM.
 * A plain Map, so it crosses to worker threads as is.
 */
export type TrustedKeys = ReadonlyMap<string, string>;

export interface PublicKeyEntry {
  id: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

/** Keys in the order given; a key listed twice counts once. */
export function trustedKeysOf(keys: Iterable<PublicKeyEntry>): TrustedKeys {
  const trusted = new Map<string, string>();
  for (const key of keys) if (!trusted.has(key.id)) trusted.set(key.id, key.publicKeyPem);
  return trusted;
}

/** Whether a checkpoint (or a purge record, signed the same way) is signed by one of these keys. Never throws. */
export function signedByTrustedKey(checkpoint: Checkpoint, keys: TrustedKeys): boolean {
  const pem = keys.get(checkpoint.publicKeyId);
  return pem !== undefined && checkpointSignatureValid(checkpoint, pem);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The Ed25519 public keys of PEM text holding one or more `PUBLIC KEY`
 * blocks. Anything else is refused with `where` named: a private key above
 * all, since a retired private key must be destroyed, not kept beside the
 * public ones.
 */
export function publicKeysFromPem(text: string, where: string): PublicKeyEntry[] {
  const keys: PublicKeyEntry[] = [];
  for (const [block, label] of text.matchAll(PEM_BLOCK)) {
    if (label !== 'PUBLIC KEY') {
      throw new DomainError(
        'AUDIT_SIGNING_KEY_INVALID',
        `${where} holds a ${label}; only public keys belong there (openssl pkey -in old.pem -pubout).`,
      );
    }
    let key: ReturnType<typeof createPublicKey>;
    try {
      key = createPublicKey(block);
    } catch {
      throw new DomainError('AUDIT_SIGNING_KEY_INVALID', `${where} holds a PUBLIC KEY block that is not a readable key.`);
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new DomainError('AUDIT_SIGNING_KEY_INVALID', `${where} holds a ${key.asymmetricKeyType} key; audit keys are Ed25519.`);
    }
    keys.push({ id: publicKeyId(key), publicKeyPem: String(key.export({ type: 'spki', format: 'pem' })) });
  }
  if (keys.length === 0) throw new DomainError('AUDIT_SIGNING_KEY_INVALID', `${where} holds no PEM public key.`);
  return keys;
}
