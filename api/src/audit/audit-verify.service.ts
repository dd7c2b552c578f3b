// Verifies a chain as stored: walks it in seq order in keyset batches (the
// next batch is read while this one is hashed), so a chain of millions of
// events streams through constant memory; then holds the result against the
// latest signed checkpoint, which catches what a chain alone cannot (events
// cut off its end). A chain whose oldest months were purged by retention
// starts at its first remaining event, linked to the last purged one by the
// signed hash of a sealed purge record later in the chain (purge-record.ts).
// Signatures (checkpoints in the database, purge records) count only when
// they verify with a key the caller trusts: the server passes its
// configured keys, `audit:verify` the keys of the copy its user saved.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as repository from './audit.repository.ts';
import { requireChainReader } from './audit.service.ts';
import { latestSignedCheckpoints } from './audit-checkpoint.service.ts';
import { ChainWalker, GENESIS_HASH } from './chain.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { ChainVerification } from './models.ts';
import { PURGED_ACTION, purgeClaimOf } from './purge-record.ts';
import { signedByTrustedKey, type TrustedKeys } from './trusted-keys.ts';

/** Small enough that hashing one batch holds the event loop for only a few milliseconds. */
export const VERIFY_BATCH_SIZE = 2000;

/** Which signatures the verifier accepts. */
export interface VerifyTrust {
  /** The only keys whose signatures count: the server's configured keys, or the copy an outside verifier holds. */
  keys: TrustedKeys;
  /**
   * Only for a verifier that holds no trusted key at all (`audit:verify`
   * without a saved copy): follow a purge record whose signature it cannot
   * check, so the rest of the chain is still checked; the caller must say
   * the purge was not verified (see `verificationBounds`).
   */
  followUnverifiedPurges?: boolean;
}

export interface VerifyOptions extends VerifyTrust {
  /** First seq to check (default 1); its link to the event before is checked against that event's stored hash. */
  from?: number | null;
  /** Last seq to check (default: the head). */
  to?: number | null;
  /** Checkpoints trusted from outside the database (a saved copy whose signature the caller checked): each must hold. */
  trusted?: Checkpoint[];
}

/** A walked run of the chain: its verdict, and the first seq it did not get to. */
export interface WalkedRange {
  result: ChainVerification;
  nextSeq: number;
}

/**
 * The seqs a verification covers: from..to, clamped to what is sealed; and
 * the purge record the chain starts after, when the events before `from`
 * were purged.
 */
export async function verificationBounds(
  db: Kysely<Database>,
  chain: string,
  options: VerifyOptions,
): Promise<{ from: number; to: number; startsAfter: PurgeRecord | null }> {
  const head = (await repository.chainHead(db, chain))?.seq ?? 0;
  const requested = Math.max(1, options.from ?? 1);
  // Events purged by retention are gone for good: the chain starts after them, held to the signed record.
  const first = (await repository.chainBatch(db, chain, requested - 1, null, 1))[0]?.seq ?? requested;
  const startsAfter = first > requested ? await purgeCovering(db, chain, first - 1, options) : null;
  return { from: startsAfter ? first : requested, to: Math.min(options.to ?? head, head), startsAfter };
}

/** What a purge record (purge-record.ts) says was removed: every event through `throughSeq`, the last with hash `lastHash`. */
export interface PurgeRecord {
  throughSeq: number;
  lastHash: string;
  /** The seq of the record itself. */
  recordedAt: number;
  /** The key the record names. */
  publicKeyId: string;
  /** Whether a trusted key verified its signature (false only when following unverified purges). */
  signatureVerified: boolean;
}

/**
 * The sealed purge record that covers `seq` (the one through the lowest seq
 * at or after it) and whose signature verifies with a trusted key; null when
 * none does. Only the holder of a trusted key can make one, so deleting
 * events by hand, with a record signed by any other key (one slipped into
 * the database included), cannot pass for a purge.
 */
export async function purgeCovering(db: Kysely<Database>, chain: string, seq: number, trust: VerifyTrust): Promise<PurgeRecord | null> {
  const valid: PurgeRecord[] = [];
  for await (const batch of purgeRecords(db, chain, seq)) {
    for (const event of batch) {
      const signed = purgeClaimOf(chain, event.metadata);
      // A record comes after what it purged, so it cannot claim itself or a later event.
      if (!signed || signed.seq < seq || signed.seq >= event.seq) continue;
      const signatureVerified = signedByTrustedKey(signed, trust.keys);
      if (!signatureVerified && !trust.followUnverifiedPurges) continue;
      valid.push({
        throughSeq: signed.seq,
        lastHash: signed.hash,
        recordedAt: event.seq,
        publicKeyId: signed.publicKeyId,
        signatureVerified,
      });
    }
  }
  return valid.sort((a, b) => a.throughSeq - b.throughSeq)[0] ?? null;
}

/**
 * A failure at events that are gone names the purge record that claims
 * them when no trusted key signed it: the reader learns why it did not count.
 */
async function namingUntrustedPurge(db: Kysely<Database>, chain: string, result: ChainVerification): Promise<ChainVerification> {
  if (result.ok || result.firstBadSeq === null || (await repository.hashAt(db, chain, result.firstBadSeq)) !== null) return result;
  const claim = await purgeCovering(db, chain, result.firstBadSeq, { keys: new Map(), followUnverifiedPurges: true });
  if (!claim) return result;
  return {
    ...result,
    reason:
      `${result.reason}; the ${PURGED_ACTION} record at seq ${claim.recordedAt} says events through seq ${claim.throughSeq} were purged, ` +
      `but it is signed by key ${claim.publicKeyId.slice(0, 16)}…, which is not a trusted key`,
  };
}

/** Sealed purge records after `seq` (a record always comes after what it purged), in batches. */
async function* purgeRecords(db: Kysely<Database>, chain: string, seq: number) {
  let afterSeq = seq;
  for (;;) {
    const batch = await repository.eventsPage(db, chain, { action: PURGED_ACTION }, { order: 'asc', afterSeq }, 100);
    if (batch.length > 0) yield batch;
    const last = batch.at(-1);
    if (!last || batch.length < 100) return;
    afterSeq = last.seq;
  }
}

/** Verification of one chain; `db` may be a transaction (the tamper tests verify inside theirs). */
export async function verifyChain(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  chain: string,
  options: VerifyOptions,
): Promise<ChainVerification> {
  requireChainReader(principal, chain);
  const { from, to } = await verificationBounds(db, chain, options);
  return verdict(db, chain, await walkRange(db, chain, from, to, options), from, options);
}

/** The walked range held against the checkpoints, a failure explained. */
export async function verdict(
  db: Kysely<Database>,
  chain: string,
  walked: WalkedRange,
  from: number,
  options: VerifyOptions,
): Promise<ChainVerification> {
  return namingUntrustedPurge(db, chain, await holdAgainstCheckpoints(db, chain, walked, from, options));
}

/** Checks events from..to (to at most the head) and their link to the event before `from`. */
export async function walkRange(db: Kysely<Database>, chain: string, from: number, to: number, trust: VerifyTrust): Promise<WalkedRange> {
  if (to < from) return { result: { ok: true, eventsChecked: 0, firstBadSeq: null, reason: null }, nextSeq: from };
  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = (await repository.hashAt(db, chain, from - 1)) ?? (await purgedLink(db, chain, from, trust));
    if (typeof before !== 'string') {
      const reason = before?.reason ?? `event ${from - 1} is missing`;
      return { result: { ok: false, eventsChecked: 0, firstBadSeq: before?.seq ?? from - 1, reason }, nextSeq: from - 1 };
    }
    prevHash = before;
  }
  const walker = new ChainWalker(chain, from, prevHash);
  await walk(db, chain, walker, from - 1, to);
  // Events up to `to` exist (the head is at or past it): any not reached are missing.
  if (walker.intact && walker.nextSeq <= to) walker.fail(walker.nextSeq, `event ${walker.nextSeq} is missing`);
  return { result: walker.result(), nextSeq: walker.nextSeq };
}

/**
 * The hash event `from` must link to when the events before it were purged:
 * the signed last hash of the purge, or, while a purge is still deleting
 * (events from..throughSeq are left), the link event `from` stores, provided
 * the event at throughSeq still has the signed hash. A problem otherwise.
 */
async function purgedLink(
  db: Kysely<Database>,
  chain: string,
  from: number,
  trust: VerifyTrust,
): Promise<string | { seq: number; reason: string } | null> {
  const purge = await purgeCovering(db, chain, from - 1, trust);
  if (!purge) return null;
  if (purge.throughSeq === from - 1) return purge.lastHash;
  const [first] = await repository.chainBatch(db, chain, from - 1, from, 1);
  const stored = await repository.hashAt(db, chain, purge.throughSeq);
  if (!first || stored !== purge.lastHash) {
    return {
      seq: purge.throughSeq,
      reason: `event ${purge.throughSeq} differs from the signed record of the purge (event ${purge.recordedAt})`,
    };
  }
  return first.prevHash;
}

async function walk(db: Kysely<Database>, chain: string, walker: ChainWalker, afterSeq: number, to: number): Promise<void> {
  let next = repository.chainBatch(db, chain, afterSeq, to, VERIFY_BATCH_SIZE);
  for (;;) {
    const batch = await next;
    const last = batch.at(-1);
    if (!last) return;
    // Read ahead while hashing: the database and the CPU work at once.
    next = batch.length === VERIFY_BATCH_SIZE ? repository.chainBatch(db, chain, last.seq, to, VERIFY_BATCH_SIZE) : Promise.resolve([]);
    for (const event of batch) {
      if (!walker.check(event)) {
        // Let the read ahead finish before the caller uses the connection (or rolls back).
        await next.catch(() => []);
        return;
      }
    }
  }
}

/**
 * The walked chain must agree with the latest checkpoint in the database
 * whose signature verifies with a trusted key, and with every trusted
 * checkpoint from outside: the event at a checkpoint's seq must exist and
 * have its hash, unless a purge record signed by a trusted key covers it.
 */
export async function holdAgainstCheckpoints(
  db: Kysely<Database>,
  chain: string,
  walked: WalkedRange,
  from: number,
  options: VerifyOptions,
): Promise<ChainVerification> {
  if (!walked.result.ok) return walked.result;
  const [latest] = await latestSignedCheckpoints(db, chain, options.keys, 1, options.to ?? null);
  const latestValid = latest && latest.seq >= from ? latest : undefined;
  const held = [...(latestValid ? [latestValid] : []), ...(options.trusted ?? []).filter((checkpoint) => checkpoint.chain === chain)];
  for (const checkpoint of held.sort((a, b) => a.seq - b.seq)) {
    if (checkpoint.seq < from && (await repository.hashAt(db, chain, checkpoint.seq)) === null) {
      // A checkpoint of purged events: it can only be held to the signed last hash of a purge a trusted key signed.
      const purge = await purgeCovering(db, chain, checkpoint.seq, { keys: options.keys });
      if (purge && (checkpoint.seq !== purge.throughSeq || checkpoint.hash === purge.lastHash)) continue;
    }
    const problem = await checkpointProblem(db, walked.nextSeq, checkpoint);
    if (problem) return { ok: false, eventsChecked: walked.result.eventsChecked, firstBadSeq: problem.seq, reason: problem.reason };
  }
  return walked.result;
}

async function checkpointProblem(
  db: Kysely<Database>,
  nextSeq: number,
  checkpoint: Checkpoint,
): Promise<{ seq: number; reason: string } | null> {
  if (checkpoint.seq >= nextSeq) {
    return {
      seq: nextSeq,
      reason: `events from ${nextSeq} are missing: a checkpoint signed at ${checkpoint.signedAt} covers seq ${checkpoint.seq}`,
    };
  }
  const stored = await repository.hashAt(db, checkpoint.chain, checkpoint.seq);
  if (stored === checkpoint.hash) return null;
  return {
    seq: checkpoint.seq,
    reason: `event ${checkpoint.seq} differs from the checkpoint signed at ${checkpoint.signedAt}: the chain was rewritten at or before it`,
  };
}
