// The audit trail's own retention, only where an organization sets one:
// whole calendar months of its chain that ended before the cutoff go, oldest
// first. A purge is two steps, so the chain verifies at every moment:
//   1. a purge record (purge-record.ts) names the last seq to go and its
//      hash, signed with the audit key (the same signature as a checkpoint of
//      that seq), and is sealed into the chain;
//   2. the events through that seq are deleted in batches by the database's
//      audit_purge_through, which refuses unless that sealed record exists.
// The verifier (audit-verify.service.ts) then starts the chain at the first
// remaining event, linked to the signed hash. An interrupted purge resumes
// from the record. The retention sweep drives this through the rule in
// retention-rules.ts, one batch per transaction.
import type { Database, Db } from '@governance/db';
import type { Kysely } from 'kysely';
import { systemPrincipal } from '../auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { recordAuditEvent } from './audit.service.ts';
import { createCheckpoint } from './audit-checkpoint.service.ts';
import * as repository from './audit-purge.repository.ts';
import { sealPending } from './audit-sealer.service.ts';
import { AUDIT_EVENTS_CATEGORY, PURGED_ACTION, signedFields, signPurgeRecord } from './purge-record.ts';
import type { SigningKey } from './signing-key.ts';
import { formatAuditTimestamp } from './timestamp.ts';

// The purge runs only inside the retention sweep, which has checked its
// caller's permission in the organization already; the sealing and signing
// it needs are the deployment's own, done as the system.
const PURGE_PRINCIPAL = systemPrincipal('retention sweep');

/** What a purge of one organization's chain works from (the retention sweep's rule context has all of it). */
export interface AuditPurgeContext {
  /** The application's pool: the sealer runs on it once a batch has committed. */
  db: Db;
  clock: Clock;
  /** The organization, whose id is its chain. */
  organizationId: string;
  /** Whole months that ended before this instant's month began may go. */
  cutoff: Date;
  /** When the batch runs: the time the record is signed and recorded at. */
  now: Date;
  /** The retention period applied, as set (e.g. P2Y), named in the record. */
  period: string;
  /** Signs the record of the purge; null where none is configured (a purge is then refused). */
  signingKey: SigningKey | null;
}

/** One batch of a purge: events deleted, whether more may follow, and work once the batch has committed. */
export interface AuditPurgeBatch {
  count: number;
  more: boolean;
  afterCommit?: () => Promise<void>;
}

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

/** How many events a purge at the cutoff would remove, a purge already recorded included (what a dry run reports). */
export async function countPurgeDue(db: Kysely<Database>, chain: string, cutoff: Date): Promise<number> {
  const plan = await purgePlan(db, chain, cutoff);
  if (!plan) return 0;
  const through = Math.max(plan.sealedThrough, plan.pendingThrough, plan.dueThrough);
  return through >= plan.firstSeq ? through - plan.firstSeq + 1 : 0;
}

/**
 * One step of the purge inside the caller's transaction: deletes up to
 * `limit` events of a recorded and sealed purge; or waits for the sealer to
 * seal a recorded one; or records the purge the cutoff makes due.
 */
export async function purgeBatch(trx: Kysely<Database>, context: AuditPurgeContext, limit: number): Promise<AuditPurgeBatch> {
  const chain = context.organizationId;
  const seal = async () => {
    await sealPending(context, PURGE_PRINCIPAL);
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
  await recordPurge(trx, context, plan.firstSeq, last);
  return { count: 0, more: true, afterCommit: seal };
}

/** Writes the signed purge record through `last`, after a checkpoint of the head as it stands before the purge. */
async function recordPurge(
  trx: Kysely<Database>,
  context: AuditPurgeContext,
  firstSeq: number,
  last: repository.SealedEventPosition,
): Promise<void> {
  const chain = context.organizationId;
  if (!context.signingKey) {
    throw new DomainError(
      'AUDIT_SIGNING_KEY_REQUIRED',
      'Purging audit events needs the audit signing key (AUDIT_SIGNING_KEY) to sign the record of the purge.',
    );
  }
  const signed = signPurgeRecord(chain, last, context.now, context.signingKey);
  // Signs the head as it stands before the purge.
  await createCheckpoint({ db: trx, clock: context.clock }, PURGE_PRINCIPAL, context.signingKey, chain);
  await recordAuditEvent(trx, {
    organizationId: context.organizationId,
    actor: { type: 'SYSTEM', id: null, label: 'retention sweep' },
    action: PURGED_ACTION,
    target: { type: 'AuditChain', id: chain },
    metadata: {
      category: AUDIT_EVENTS_CATEGORY,
      period: context.period,
      cutoff: context.cutoff.toISOString(),
      firstSeq,
      lastOccurredAt: last.occurredAt,
      count: signed.seq - firstSeq + 1,
      ...signedFields(signed),
    },
    occurredAt: context.now,
  });
}
