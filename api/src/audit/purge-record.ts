// The record of an audit-trail purge, the one definition the writer
// (audit-purge.service.ts) and the reader (audit-verify.service.ts) share: a
// `retention.purged` event sealed into the chain after what it purged, whose
// metadata names the last event removed (seq and hash) and signs that pair as
// a checkpoint of that seq is signed, so anyone holding the public key can
// check it and a chain whose oldest months are gone still verifies.
import { AUDIT_EVENTS_CATEGORY } from '@governance/policies/vocabulary/access';
import { AUDIT_ACTION } from './actions.ts';
import { type Checkpoint, checkpointPayload, signCheckpointPayload } from './checkpoint.ts';
import type { SigningKey } from './signing-key.ts';
import { formatAuditTimestamp } from './timestamp.ts';

/** The action of a purge record, and the only name it has. */
export const PURGED_ACTION = AUDIT_ACTION.retentionPurged;

/** The retention category whose setting drives purges of the audit trail (a purge record names it). */
export { AUDIT_EVENTS_CATEGORY };

/** The last event a purge removes: its seq and hash. */
export interface PurgedThrough {
  seq: number;
  hash: string;
}

/** The signed part of a purge record: {chain, seq, hash, signedAt} signed as a checkpoint is. */
export function signPurgeRecord(chain: string, last: PurgedThrough, signedAt: Date, key: SigningKey): Checkpoint {
  const unsigned = { chain, seq: last.seq, hash: last.hash, signedAt: formatAuditTimestamp(signedAt) };
  return { ...unsigned, signature: signCheckpointPayload(checkpointPayload(unsigned), key.privateKey), publicKeyId: key.id };
}

/** The metadata fields of a purge record that carry its signed part (the rest describes the purge for people). */
export function signedFields(signed: Checkpoint) {
  return {
    throughSeq: signed.seq,
    lastHash: signed.hash,
    signedAt: signed.signedAt,
    signature: signed.signature,
    publicKeyId: signed.publicKeyId,
  };
}

/**
 * What a stored purge record claims, as the checkpoint its signature covers
 * (seq: the last event purged); null when its metadata lacks a field. Whether
 * the signature holds, and with which key, is the reader's question.
 */
export function purgeClaimOf(chain: string, metadata: string): Checkpoint | null {
  const { throughSeq, lastHash, signedAt, signature, publicKeyId } = JSON.parse(metadata) as Record<string, unknown>;
  if (typeof throughSeq !== 'number' || typeof lastHash !== 'string') return null;
  if (typeof signedAt !== 'string' || typeof signature !== 'string' || typeof publicKeyId !== 'string') return null;
  return { chain, seq: throughSeq, hash: lastHash, signedAt, signature, publicKeyId };
}
