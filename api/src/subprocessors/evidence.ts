// The evidence of an announced change: a JSON record of who was told (how
// many confirmed subscribers were notified, and when each message was
// delivered or failed, subscribers as salted hashes) and, for a subprocessor
// list, who objected, with the outcomes. Two kinds, told apart by
// `change.kind`: a subprocessor list version, and a material policy version
// (which has no objection process, and says so). Signed with Ed25519 by the
// organization's audit key, the one that signs deletion receipts (published
// at /.well-known/audit-checkpoints/<org>.json), over the record's RFC 8785
// canonical JSON. Pure: anyone holding the public key checks a record without
// the server (`pnpm cli evidence:verify`).
import { createHash, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import type { ObjectionOutcome } from '@governance/policies/vocabulary/subprocessor-objections';
import canonicalize from 'canonicalize';

/** The type of a subprocessor change's record: its first name, kept so records already exported read the same. */
export const EVIDENCE_TYPE = 'governance-portal/subprocessor-change-evidence';
/** The type of every other kind of change's record; `change.kind` says which. */
export const CHANGE_EVIDENCE_TYPE = 'governance-portal/change-evidence';

export type NoticeDelivery = 'DELIVERED' | 'FAILED' | 'PENDING';

export interface EvidenceNotice {
  /** SHA-256 of the record's salt and the subscriber's stable key: counts and matches without naming anyone. */
  subscriber: string;
  delivery: NoticeDelivery;
  /** When the message was delivered or given up; null while pending. */
  at: string | null;
}

/** One notice as the subscriptions domain recorded it, before it is salted into a record. */
export interface SentNoticeRecord {
  /** Stable per subscriber and organization, and no address: the record salts it again. */
  subscriberKey: string;
  delivery: NoticeDelivery;
  /** When the message was delivered or given up; null while pending. */
  at: Date | null;
}

export interface EvidenceNotices {
  notified: number;
  delivered: number;
  failed: number;
  pending: number;
  messages: EvidenceNotice[];
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

/** What every kind of record holds besides its change and objections. */
interface EvidenceCommon {
  version: 1;
  organization: { slug: string; name: string };
  generatedAt: string;
  /** Random per record (base64url), so hashes of two records never link a subscriber across them. */
  salt: string;
  notices: EvidenceNotices;
}

export interface SubprocessorChangeEvidence extends EvidenceCommon {
  type: typeof EVIDENCE_TYPE;
  change: { kind: 'subprocessor-list'; version: string; sha256: string; summary: string; announcedAt: string; effectiveAt: string };
  objections: { confirmed: number; open: number; resolved: number; items: EvidenceObjection[] };
}

/** Policy changes have no objection process: the record says so instead of listing no objections, which could be read as "none came". */
export const NO_OBJECTION_PROCESS = {
  process: 'none',
  note: 'Policy versions have no objection process; subscribers were told of the change, not asked to object to it.',
} as const;

export interface PolicyChangeEvidence extends EvidenceCommon {
  type: typeof CHANGE_EVIDENCE_TYPE;
  change: {
    kind: 'policy-version';
    /** The policy's slug, as in its URL (`terms-of-service`). */
    document: string;
    title: string;
    version: string;
    sha256: string;
    summary: string;
    /** When the version was published (its notices went out with it). */
    announcedAt: string;
    effectiveAt: string;
  };
  objections: typeof NO_OBJECTION_PROCESS;
}

export type ChangeEvidence = SubprocessorChangeEvidence | PolicyChangeEvidence;

export interface SignedEvidence {
  evidence: Record<string, unknown>;
  signature: { algorithm: 'Ed25519'; publicKeyId: string; value: string };
}

export const newEvidenceSalt = () => randomBytes(16).toString('base64url');

/** What a subscriber or objector appears as in one record: salted, so the record names nobody. */
export function saltedHash(salt: string, key: string): string {
  return createHash('sha256').update(`${salt}:${key}`, 'utf8').digest('hex');
}

/** The notices part of a record, any kind: the counts, and each message with its subscriber salted by the record's salt. */
export function evidenceNotices(salt: string, sent: readonly SentNoticeRecord[]): EvidenceNotices {
  const count = (delivery: NoticeDelivery) => sent.filter((notice) => notice.delivery === delivery).length;
  return {
    notified: sent.length,
    delivered: count('DELIVERED'),
    failed: count('FAILED'),
    pending: count('PENDING'),
    messages: sent.map((notice) => ({
      subscriber: saltedHash(salt, notice.subscriberKey),
      delivery: notice.delivery,
      at: notice.at ? notice.at.toISOString() : null,
    })),
  };
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
