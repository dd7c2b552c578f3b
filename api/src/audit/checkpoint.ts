// Signed checkpoints, as pure functions: what is signed, and how anyone
// holding the public key checks it. Ed25519 through node:crypto.
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';

export interface Checkpoint {
  chain: string;
  seq: number;
  hash: string;
  /** UTC, microseconds (the audit timestamp format), as signed. */
  signedAt: string;
  /** Base64 Ed25519 signature of `checkpointPayload`. */
  signature: string;
  /** SHA-256 (hex) of the signer's DER SubjectPublicKeyInfo. */
  publicKeyId: string;
}

/** The bytes that are signed: RFC 8785 JSON of the chain position and when it was signed. */
export function checkpointPayload(checkpoint: Pick<Checkpoint, 'chain' | 'seq' | 'hash' | 'signedAt'>): Buffer {
  const { chain, seq, hash, signedAt } = checkpoint;
  return Buffer.from(canonicalize({ chain, seq, hash, signedAt }) ?? '', 'utf8');
}

export function signCheckpointPayload(payload: Buffer, privateKey: KeyObject): string {
  return sign(null, payload, privateKey).toString('base64');
}

/** Whether the signature is the key's over this exact chain, seq, hash and time. Never throws. */
export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, checkpointPayload(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Names a public key independently of how it is encoded. */
export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * The keys of a published key list (as in /.well-known/audit-checkpoints/<org>.json)
 * by id. A key counts only if its id is the hash of the key itself.
 */
export function publishedKeysById(publicKeys: readonly { id?: unknown; publicKey?: unknown }[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const key of publicKeys) {
    if (typeof key.id !== 'string' || typeof key.publicKey !== 'string') continue;
    try {
      if (publicKeyId(createPublicKey(key.publicKey)) === key.id) keys.set(key.id, key.publicKey);
    } catch {
      // Not a key: whatever names it will not verify.
    }
  }
  return keys;
}
