// SQL of the signed checkpoints. Which keys are trusted is configuration
// (trusted-keys.ts), never this table: a row names its key only as data.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import type { Checkpoint } from './checkpoint.ts';

type Executor = Kysely<Database>;

/** Inserts the checkpoint unless another process signed the same head with the same key; returns whether it did. */
export async function insertCheckpoint(db: Executor, checkpoint: Checkpoint): Promise<boolean> {
  const result = await db
    .insertInto('audit_checkpoint')
    .values({
      chain: checkpoint.chain,
      seq: String(checkpoint.seq),
      hash: checkpoint.hash,
      signed_at: checkpoint.signedAt,
      signature: checkpoint.signature,
      public_key_id: checkpoint.publicKeyId,
    })
    .onConflict((conflict) => conflict.columns(['chain', 'seq', 'public_key_id']).doNothing())
    .returning('seq')
    .executeTakeFirst();
  return result !== undefined;
}

export async function checkpointExists(db: Executor, chain: string, seq: number, publicKeyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_checkpoint')
    .select('seq')
    .where('chain', '=', chain)
    .where('seq', '=', String(seq))
    .where('public_key_id', '=', publicKeyId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A chain's checkpoints, highest seq first; only those at or below `maxSeq`
 * and only those naming one of `keyIds` (signatures are checked by the caller).
 */
export async function latestCheckpoints(
  db: Executor,
  chain: string,
  limit: number,
  filter: { keyIds: readonly string[]; maxSeq?: number | null; offset?: number },
): Promise<Checkpoint[]> {
  if (filter.keyIds.length === 0) return [];
  let query = db.selectFrom('audit_checkpoint').selectAll().where('chain', '=', chain).where('public_key_id', 'in', filter.keyIds);
  if (filter.maxSeq != null) query = query.where('seq', '<=', String(filter.maxSeq));
  const rows = await query
    .orderBy('seq', 'desc')
    .orderBy('signed_at', 'desc')
    .limit(limit)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map((row) => ({
    chain: row.chain,
    seq: Number(row.seq),
    hash: row.hash,
    signedAt: row.signed_at,
    signature: row.signature,
    publicKeyId: row.public_key_id,
  }));
}
