// SQL of the mail outbox's retention: messages delivered or given up longer
// ago than the period, found, locked and deleted a bounded batch at a time
// for the rule in retention-rules.ts; and which Message-IDs still have a row,
// so mail files whose row is gone can go too (mail-files.ts).
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

/** Messages of the organization delivered or given up before the cutoff. */
function finishedMail(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('mail_outbox')
    .where('organization_id', '=', organizationId)
    .where(sql<Date>`coalesce(delivered_at, failed_at)`, '<', cutoff);
}

export async function countFinishedMail(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  const row = await finishedMail(db, organizationId, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Locks up to `limit` due messages for this transaction (other sweeps skip them): the ids and Message-IDs. */
export async function lockFinishedMail(
  db: Executor,
  organizationId: string,
  cutoff: Date,
  limit: number,
): Promise<{ id: string; message_id: string }[]> {
  return finishedMail(db, organizationId, cutoff)
    .select(['id', 'message_id'])
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function deleteMail(db: Executor, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.deleteFrom('mail_outbox').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

/** Which of these Message-IDs still have an outbox row. */
export async function messageIdsWithRows(db: Executor, messageIds: readonly string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db.selectFrom('mail_outbox').select('message_id').where('message_id', 'in', messageIds).execute();
  return rows.map((row) => row.message_id);
}
