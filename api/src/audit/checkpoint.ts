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
