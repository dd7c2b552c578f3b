// The audit trail's own retention, only where an organization sets one:
// whole calendar months of its chain that ended before the cutoff go, oldest
// first. A purge is two steps, so the chain verifies at every moment:
//   1. a `retention.purged` event records the last seq to go and its hash,
//      signed with the audit key (the same signature as a checkpoint of that
//      seq), and is sealed into the chain;
//   2. the events through that seq are deleted in batches by the database's
//      audit_purge_through, which refuses unless that sealed record exists.
// The verifier then starts the chain at the first remaining event, linked
// to the signed hash. An interrupted purge resumes from the record.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { AUDIT_ACTION } from '../../audit/actions.ts';
import { recordAuditEvent } from '../../audit/audit.service.ts';
import { createCheckpoint } from '../../audit/audit-checkpoint.service.ts';
import { sealPending } from '../../audit/audit-sealer.service.ts';
import { checkpointPayload, signCheckpointPayload } from '../../audit/checkpoint.ts';
import { formatAuditTimestamp } from '../../audit/timestamp.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { AUDIT_EVENTS_CATEGORY } from '../audit-retention-guard.ts';
import * as repository from '../retention.repository.ts';
import type { RetentionRule, RuleContext } from './rule.ts';

export const PURGED_ACTION = AUDIT_ACTION.retentionPurged;

/** 00:00 UTC on the first day of the instant's month. */
const startOfMonth = (instant: Date) => new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1));
const startOfMonthOf = (auditTimestamp: string) => startOfMonth(new Date(auditTimestamp));

/**
 * The last seq of the longest run of whole months, from the chain's start,
 * whose events all occurred before the cutoff's month began; 0 when none.
 * The chain's newest event always stays (the sealer continues from it), and
 * so does every event of its month. An event sealed out of time order (an
 * older event after a newer one) keeps its month whole by keeping it.
 */
export async function purgeThroughSeq(db: Kysely<Database>, chain: string, cutoff: Date): Promise<number> {
  const ends = await repository.chainEnds(db, chain);
  if (!ends) return 0;
  let boundary = startOfMonth(cutoff);
  // Each step moves the boundary back by at least a month; a chain spans few.
  for (let attempt = 0; attempt < 1200; attempt++) {
    const last = await repository.lastSeqBefore(db, chain, formatAuditTimestamp(boundary));
    if (last === null || last < ends.first) return 0;
    const event = await repository.eventAt(db, chain, last);
    if (!event) return 0;
    const firstKept = await repository.firstSeqFrom(db, chain, formatAuditTimestamp(boundary));
    if (last === ends.head || (firstKept !== null && firstKept < last)) {
      boundary = startOfMonthOf(event.occurredAt);
      continue;
    }
    return last;
  }
  return 0;
}

interface PurgePlan {
  firstSeq: number;
  /** Recorded and sealed: may be deleted now. */
  sealedThrough: number;
  /** Recorded but waiting for the sealer. */
  pendingThrough: number;
  /** What the cutoff makes due now. */
  dueThrough: number;
}

async function purgePlan(db: Kysely<Database>, chain: string, cutoff: Date): Promise<PurgePlan | null> {
  const ends = await repository.chainEnds(db, chain);
  if (!ends) return null;
  const recorded = await repository.recordedPurges(db, chain);
  return {
    firstSeq: ends.first,
    sealedThrough: recorded.sealed,
    pendingThrough: recorded.pending,
    dueThrough: await purgeThroughSeq(db, chain, cutoff),
  };
}

/** Signs {chain, seq, hash, signedAt} as a checkpoint is signed, so anyone holding the public key can check the record. */
function signedRecord(context: RuleContext, chain: string, last: repository.SealedEventPosition) {
  if (!context.signingKey) {
    throw new DomainError(
      'AUDIT_SIGNING_KEY_REQUIRED',
      'Purging audit events needs the audit signing key (AUDIT_SIGNING_KEY) to sign the record of the purge.',
    );
  }
  const unsigned = { chain, seq: last.seq, hash: last.hash, signedAt: formatAuditTimestamp(context.now) };
  return {
    ...unsigned,
    signature: signCheckpointPayload(checkpointPayload(unsigned), context.signingKey.privateKey),
    publicKeyId: context.signingKey.id,
  };
}

export const auditEventsRule: RetentionRule = {
  category: AUDIT_EVENTS_CATEGORY,
  name: 'purge-whole-audit-months',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: null,
  summary:
    'Whole calendar months of the audit trail that ended longer ago than the period are deleted, after a signed record of the last event removed is added to the trail; without a setting the trail is kept forever.',
  async countDue({ db, organizationId, cutoff }) {
    const plan = await purgePlan(db, organizationId, cutoff);
    if (!plan) return 0;
    const through = Math.max(plan.sealedThrough, plan.pendingThrough, plan.dueThrough);
    return through >= plan.firstSeq ? through - plan.firstSeq + 1 : 0;
  },
  async runBatch(trx, context, limit) {
    const chain = context.organizationId;
    const seal = async () => {
      await sealPending(context.db, context.clock);
    };
    const plan = await purgePlan(trx, chain, context.cutoff);
    if (!plan) return { count: 0, more: false };
    // A recorded purge that is not finished: go on with it.
    if (plan.sealedThrough >= plan.firstSeq) {
      const count = await repository.purgeAuditEvents(trx, chain, plan.sealedThrough, limit);
      return { count, more: count > 0 };
    }
    if (plan.pendingThrough >= plan.firstSeq) return { count: 0, more: true, afterCommit: seal };
    if (plan.dueThrough < plan.firstSeq) return { count: 0, more: false };

    const last = await repository.eventAt(trx, chain, plan.dueThrough);
    if (!last) return { count: 0, more: false };
    const record = signedRecord(context, chain, last);
    // Signs the head as it stands before the purge.
    await createCheckpoint(trx, context.clock, context.signingKey as NonNullable<RuleContext['signingKey']>, chain);
    await recordAuditEvent(trx, {
      organizationId: context.organizationId,
      actor: { type: 'SYSTEM', id: null, label: 'retention sweep' },
      action: PURGED_ACTION,
      target: { type: 'AuditChain', id: chain },
      metadata: {
        category: AUDIT_EVENTS_CATEGORY,
        period: context.period,
        cutoff: context.cutoff.toISOString(),
        firstSeq: plan.firstSeq,
        throughSeq: record.seq,
        lastHash: record.hash,
        lastOccurredAt: last.occurredAt,
        count: record.seq - plan.firstSeq + 1,
        signedAt: record.signedAt,
        signature: record.signature,
        publicKeyId: record.publicKeyId,
      },
      occurredAt: context.now,
    });
    return { count: 0, more: true, afterCommit: seal };
  },
};
