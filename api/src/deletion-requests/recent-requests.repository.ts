// How often one person asked one organization: the requests with the same
// salted email hash received in the twelve months up to a given request.
// Staff weigh it (GDPR Art. 12(5) lets an organization refuse requests that
// are manifestly excessive, "in particular because of their repetitive
// character"; the CCPA does not oblige a business to give a person their
// data more than twice in twelve months). The hash stays after erasure, so
// the count does too; no address is read or returned. The SQL is answered
// by the deletion_request_email index (organization_id, email_hash).
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';

/** Counts over the requests received in the twelve months up to and including the given one's receipt. */
export interface RecentRequestCounts {
  /** Every request of this person, this one included. */
  all: number;
  /** Those asking for a copy of the data (access or portability), this one included when it does. */
  dataCopies: number;
}

export async function recentRequestCounts(db: Kysely<Database>, requestId: string): Promise<RecentRequestCounts> {
  const row = await db
    .selectFrom('deletion_request as this')
    .innerJoin('deletion_request as other', (join) =>
      join.onRef('other.organization_id', '=', 'this.organization_id').onRef('other.email_hash', '=', 'this.email_hash'),
    )
    .where('this.id', '=', requestId)
    .where('other.received_at', '<=', sql<Date>`this.received_at`)
    .where('other.received_at', '>', sql<Date>`this.received_at - interval '12 months'`)
    .select([
      sql<string>`count(*)`.as('all'),
      sql<string>`count(*) filter (where other.kinds && array['ACCESS', 'PORTABILITY'])`.as('data_copies'),
    ])
    .executeTakeFirstOrThrow();
  return { all: Number(row.all), dataCopies: Number(row.data_copies) };
}
