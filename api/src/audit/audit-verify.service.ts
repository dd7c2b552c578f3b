// Verifies a chain as stored: walks it in seq order in keyset batches (the
// next batch is read while this one is hashed), so a chain of millions of
// events streams through constant memory; then holds the result against the
// latest signed checkpoint, which catches what a chain alone cannot (events
// cut off its end).
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import * as repository from './audit.repository.ts';
import * as checkpoints from './audit-checkpoint.repository.ts';
import { ChainWalker, GENESIS_HASH } from './chain.ts';
import { type Checkpoint, checkpointSignatureValid } from './checkpoint.ts';
import type { ChainVerification } from './models.ts';

/** Small enough that hashing one batch holds the event loop for only a few milliseconds. */
export const VERIFY_BATCH_SIZE = 2000;

export interface VerifyOptions {
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

/** The seqs a verification covers: from..to, clamped to what is sealed. */
export async function verificationBounds(
  db: Kysely<Database>,
  chain: string,
  options: VerifyOptions,
): Promise<{ from: number; to: number }> {
  const head = (await repository.chainHead(db, chain))?.seq ?? 0;
  return { from: Math.max(1, options.from ?? 1), to: Math.min(options.to ?? head, head) };
}

/** Verification of one chain; `db` may be a transaction (the tamper tests verify inside theirs). */
export async function verifyChain(db: Kysely<Database>, chain: string, options: VerifyOptions = {}): Promise<ChainVerification> {
  const { from, to } = await verificationBounds(db, chain, options);
  return holdAgainstCheckpoints(db, chain, await walkRange(db, chain, from, to), from, options);
}

/** Checks events from..to (to at most the head) and their link to the event before `from`. */
export async function walkRange(db: Kysely<Database>, chain: string, from: number, to: number): Promise<WalkedRange> {
  if (to < from) return { result: { ok: true, eventsChecked: 0, firstBadSeq: null, reason: null }, nextSeq: from };
  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = await repository.hashAt(db, chain, from - 1);
    if (before === null) {
      return { result: { ok: false, eventsChecked: 0, firstBadSeq: from - 1, reason: `event ${from - 1} is missing` }, nextSeq: from - 1 };
    }
    prevHash = before;
  }
  const walker = new ChainWalker(chain, from, prevHash);
  await walk(db, chain, walker, from - 1, to);
  // Events up to `to` exist (the head is at or past it): any not reached are missing.
  if (walker.intact && walker.nextSeq <= to) walker.fail(walker.nextSeq, `event ${walker.nextSeq} is missing`);
  return { result: walker.result(), nextSeq: walker.nextSeq };
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
 * whose signature verifies with its recorded key, and with every trusted
 * checkpoint from outside: the event at a checkpoint's seq must exist and
 * have its hash.
 */
export async function holdAgainstCheckpoints(
  db: Kysely<Database>,
  chain: string,
  walked: WalkedRange,
  from: number,
  options: VerifyOptions,
): Promise<ChainVerification> {
  if (!walked.result.ok) return walked.result;
  const candidates = await checkpoints.latestCheckpoints(db, chain, 5, options.to ?? null);
  const keys = new Map(
    (await checkpoints.signingKeys(db, [...new Set(candidates.map((candidate) => candidate.publicKeyId))])).map((key) => [
      key.id,
      key.publicKeyPem,
    ]),
  );
  const latestValid = candidates.find((candidate) => {
    const pem = keys.get(candidate.publicKeyId);
    return candidate.seq >= from && pem !== undefined && checkpointSignatureValid(candidate, pem);
  });
  const held = [...(latestValid ? [latestValid] : []), ...(options.trusted ?? []).filter((checkpoint) => checkpoint.chain === chain)];
  for (const checkpoint of held.sort((a, b) => a.seq - b.seq)) {
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
