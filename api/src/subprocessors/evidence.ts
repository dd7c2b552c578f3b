// The evidence of an announced subprocessor change: a JSON record of who was
// told (how many confirmed subscribers were notified, and when each message
// was delivered or failed, subscribers as salted hashes) and who objected,
// with the outcomes. Signed with Ed25519 by the organization's audit key,
// the one that signs deletion receipts (published at
// /.well-known/audit-checkpoints/<org>.json), over the record's RFC 8785
// canonical JSON. Pure: anyone holding the public key checks a record
// without the server (`pnpm cli evidence:verify`).
import { createHash, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import type { ObjectionOutcome } from '@governance/policies/vocabulary/subprocessor-objections';
import canonicalize from 'canonicalize';

export const EVIDENCE_TYPE = 'governance-portal/subprocessor-change-evidence';

export type NoticeDelivery = 'DELIVERED' | 'FAILED' | 'PENDING';

export interface EvidenceNotice {
  /** SHA-256 of the record's salt and the subscriber's stable key: counts and matches without naming anyone. */
  subscriber: string;
  delivery: NoticeDelivery;
  /** When the message was delivered or given up; null while pending. */
  at: string | null;
}

export interface EvidenceObjection {
  /** SHA-256 of the record's salt and the objector's hashed address. */
  objector: string;
  company: string;
  submittedAt: string;
  verifiedAt: string;
  outcome: ObjectionOutcome | null;
  resolvedAt: string | null;
}

export interface ChangeEvidence {
  type: typeof EVIDENCE_TYPE;
  version: 1;
  organization: { slug: string; name: string };
  change: { kind: 'subprocessor-list'; version: string; sha256: string; summary: string; announcedAt: string; effectiveAt: string };
  generatedAt: string;
  /** Random per record (base64url), so hashes of two records never link a subscriber across them. */
  salt: string;
  notices: { notified: number; delivered: number; failed: number; pending: number; messages: EvidenceNotice[] };
  objections: { confirmed: number; open: number; resolved: number; items: EvidenceObjection[] };
}

export interface SignedEvidence {
  evidence: Record<string, unknown>;
  signature: { algorithm: 'Ed25519'; publicKeyId: string; value: string };
}

export const newEvidenceSalt = () => randomBytes(16).toString('base64url');

/** What a subscriber or objector appears as in one record: salted, so the record names nobody. */
export function saltedHash(salt: string, key: string): string {
  return createHash('sha256').update(`${salt}:${key}`, 'utf8').digest('hex');
}

/** The signed bytes: RFC 8785 canonical JSON of the record. */
export function evidencePayload(evidence: Record<string, unknown>): Buffer {
  return Buffer.from(canonicalize(evidence) ?? '', 'utf8');
}

export function signEvidence(evidence: ChangeEvidence, key: { privateKey: KeyObject; id: string }): SignedEvidence {
  const record = evidence as unknown as Record<string, unknown>;
  return {
    evidence: record,
    signature: { algorithm: 'Ed25519', publicKeyId: key.id, value: sign(null, evidencePayload(record), key.privateKey).toString('base64') },
  };
}

/** Whether the signature is this key's over exactly this record. Never throws. */
export function evidenceSignatureValid(signed: SignedEvidence, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519' || signed.signature.algorithm !== 'Ed25519') return false;
    return verify(null, evidencePayload(signed.evidence), key, Buffer.from(signed.signature.value, 'base64'));
  } catch {
    return false;
  }
}
