// SQL of the subscribers' retention: subscriptions never confirmed, and
// subscriptions ended, whose clock started before the cutoff, found, locked
// and deleted a bounded batch at a time for the rule in retention-rules.ts.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';

type Executor = Kysely<Database>;

/** Pending ones count from the request, ended ones from the unsubscribe. */
function dueSubscriptions(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('change_subscription')
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'PENDING'), eb('created_at', '<', cutoff)]),
        eb.and([eb('status', '=', 'UNSUBSCRIBED'), eb('unsubscribed_at', '<', cutoff)]),
      ]),
    );
}

export async function countDue(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  const row = await dueSubscriptions(db, organizationId, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Deletes up to `limit` due subscriptions (their unsubscribe tokens go with them; notices keep their hash); how many. */
export async function deleteDueBatch(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const due = await dueSubscriptions(db, organizationId, cutoff).select('id').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
  if (due.length === 0) return 0;
  const deleted = await db
    .deleteFrom('change_subscription')
    .where(
      'id',
      'in',
      due.map((row) => row.id),
    )
    .returning('id')
    .execute();
  return deleted.length;
}
