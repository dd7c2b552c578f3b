// SQL of the signed checkpoints and the keys that signed them.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import type { Checkpoint } from './checkpoint.ts';

type Executor = Kysely<Database>;

export interface StoredSigningKey {
  id: string;
  publicKeyPem: string;
}

export async function saveSigningKey(db: Executor, key: StoredSigningKey): Promise<void> {
  await db
    .insertInto('audit_signing_key')
    .values({ id: key.id, algorithm: 'Ed25519', public_key_pem: key.publicKeyPem })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

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

/** A chain's checkpoints, highest seq first; only those at or below `maxSeq` when given. */
export async function latestCheckpoints(db: Executor, chain: string, limit: number, maxSeq: number | null = null): Promise<Checkpoint[]> {
  let query = db.selectFrom('audit_checkpoint').selectAll().where('chain', '=', chain);
  if (maxSeq !== null) query = query.where('seq', '<=', String(maxSeq));
  const rows = await query.orderBy('seq', 'desc').orderBy('signed_at', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    chain: row.chain,
    seq: Number(row.seq),
    hash: row.hash,
    signedAt: row.signed_at,
    signature: row.signature,
    publicKeyId: row.public_key_id,
  }));
}

export async function allSigningKeys(db: Executor): Promise<StoredSigningKey[]> {
  const rows = await db.selectFrom('audit_signing_key').select(['id', 'public_key_pem']).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, publicKeyPem: row.public_key_pem }));
}

export async function signingKeys(db: Executor, ids: string[]): Promise<StoredSigningKey[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('audit_signing_key').select(['id', 'public_key_pem']).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, publicKeyPem: row.public_key_pem }));
}
