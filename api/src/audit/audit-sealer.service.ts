// Chains committed events. Writers only append to the pending queue, in
// parallel, in their own transactions; this moves them into audit_event a
// batch at a time, one transaction per chain and batch, under a per-chain
// advisory lock, so any number of sealers (one per replica, or a CLI) never
// fork a chain or leave a gap: the head is read after the lock is taken, and
// the pending rows are deleted in the transaction that seals them.
import type { Db } from '@governance/db';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import type { Clock } from '../shared/clock.ts';
import * as repository from './audit.repository.ts';
import { eventHash, GENESIS_HASH } from './chain.ts';
import type { ChainHead } from './models.ts';

/** Events sealed per transaction: bounded so one transaction stays short. */
export const SEAL_BATCH_SIZE = 500;

export interface SealOptions {
  batchSize?: number;
  /** Stop after sealing about this many (a pass finishes its batches); default: until the queue is empty. */
  maxEvents?: number;
}

/**
 * Seals what is pending, chain by chain, until nothing is left; returns how
 * many events it sealed. Every chain at once, the site's too: a site-wide
 * action, for the system (the sealer job, a command) and site administrators.
 */
export async function sealPending(context: { db: Db; clock: Clock }, principal: Principal, options: SealOptions = {}): Promise<number> {
  requirePermission(principal, null, 'audit:read');
  const { db, clock } = context;
  const batchSize = options.batchSize ?? SEAL_BATCH_SIZE;
  const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
  let total = 0;
  while (total < maxEvents) {
    // Chains among the oldest waiting events, so no chain starves behind a busy one.
    const chains = await repository.pendingChains(db, batchSize * 4);
    if (chains.length === 0) break;
    let sealedThisPass = 0;
    for (const chain of chains) sealedThisPass += await sealChainBatch(db, clock, chain, batchSize);
    total += sealedThisPass;
    // Another sealer took them all between our look and our lock.
    if (sealedThisPass === 0) break;
  }
  return total;
}

/** Seals up to `limit` pending events of one chain in one transaction; returns how many. */
export async function sealChainBatch(db: Db, clock: Clock, chain: string, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await repository.lockChain(trx, chain);
    // Read under the lock: a sealer that held it before us has committed, and
    // its events are in the head and gone from the queue.
    const pending = await repository.pendingForChain(trx, chain, limit);
    if (pending.length === 0) return 0;
    const head = await repository.chainHead(trx, chain);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const sealedAt = clock.now();
    const rows = pending.map(({ id: _id, ...columns }) => {
      seq++;
      const hash = eventHash(repository.unchainedEventOf(columns), seq, prevHash);
      const row = { ...columns, chain, seq: String(seq), prev_hash: prevHash, hash, sealed_at: sealedAt };
      prevHash = hash;
      return row;
    });
    await repository.insertSealedEvents(trx, rows);
    const deleted = await repository.deletePending(
      trx,
      pending.map((event) => event.id),
    );
    // Only possible if something sealed without the lock: undo rather than chain an event twice.
    if (deleted !== pending.length)
      throw new Error(`audit sealer: ${pending.length - deleted} pending events vanished while sealing ${chain}`);
    return pending.length;
  });
}

/** How far a chain is sealed: its last event's seq and hash (seq 0 and the genesis hash when empty). */
export async function sealedThrough(db: Db, chain: string): Promise<ChainHead> {
  return (await repository.chainHead(db, chain)) ?? { seq: 0, hash: GENESIS_HASH };
}

/** Events committed but not yet chained, over every chain. */
export function pendingCount(db: Db): Promise<number> {
  return repository.countPending(db);
}
