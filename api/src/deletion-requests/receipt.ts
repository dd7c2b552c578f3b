// The completion receipt: a JSON document saying which organization completed
// which request when, what was deleted from where, and which policy text was
// in force, signed with Ed25519 by the key that signs the audit checkpoints
// (published at /.well-known/audit-checkpoints/<org>.json). Pure functions:
// anyone holding the public key checks a receipt without the server.
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CorrectionDecision } from './corrections.ts';
import type { SignedReceipt } from './models.ts';
import type { RetainedItem } from './retained-items.ts';

export const RECEIPT_TYPE = 'governance-portal/deletion-receipt';

export interface ReceiptPolicy {
  slug: string;
  title: string;
  version: string;
  sha256: string;
}

export interface DeletionReceipt {
  type: typeof RECEIPT_TYPE;
  version: 1;
  reference: string;
  organization: { slug: string; name: string };
  jurisdiction: string;
  /** What the request asked for (PrivacyRequestKind); absent from receipts issued before kinds, which were deletions. */
  kinds?: string[];
  receivedAt: string;
  completedAt: string;
  scope: { summary: string; systems: string[] };
  /** The organization's privacy policy in force at completion; null when it publishes none. */
  privacyPolicy: ReceiptPolicy | null;
  /** Every policy in force at completion. */
  policiesInForce: ReceiptPolicy[];
  /** A correction request: each item's field and what was decided, never the values (they are personal data). */
  corrections?: { field: string; decision: CorrectionDecision }[];
  /** An erasure: what was kept and why, item by item; empty when nothing was kept. */
  retained?: RetainedItem[];
  /** The sealed package that answered an access or portability request: its SHA-256 (over its canonical JSON) and size in bytes. Absent when there was none. */
  package?: { sha256: string; sizeBytes: number };
}

/**
 * The privacy policy among the organization's policies: the one named
 * privacy-policy, else the first whose slug speaks of privacy or data.
 */
export function privacyPolicyOf(policies: readonly ReceiptPolicy[]): ReceiptPolicy | null {
  return (
    policies.find((policy) => policy.slug === 'privacy-policy') ??
    policies.find((policy) => /privacy/.test(policy.slug)) ??
    policies.find((policy) => /data/.test(policy.slug)) ??
    null
  );
}

/** The signed bytes: RFC 8785 canonical JSON of the receipt. */
export function receiptPayload(receipt: Record<string, unknown>): Buffer {
  return Buffer.from(canonicalize(receipt) ?? '', 'utf8');
}

export function signReceipt(receipt: DeletionReceipt, key: { privateKey: KeyObject; id: string }): SignedReceipt {
  return {
    receipt: receipt as unknown as Record<string, unknown>,
    signature: {
      algorithm: 'Ed25519',
      publicKeyId: key.id,
      value: sign(null, receiptPayload(receipt as unknown as Record<string, unknown>), key.privateKey).toString('base64'),
    },
  };
}

/** Whether the signature is this key's over exactly this receipt. Never throws. */
export function receiptSignatureValid(signed: SignedReceipt, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519' || signed.signature.algorithm !== 'Ed25519') return false;
    return verify(null, receiptPayload(signed.receipt), key, Buffer.from(signed.signature.value, 'base64'));
  } catch {
    return false;
  }
}
