// SQL of data minimisation for deletion requests: unverified requests that
// expire, and the personal data of closed requests that is erased once
// their retention passes. Rows are claimed with FOR UPDATE SKIP LOCKED, so
// a request a staff member is changing at that moment waits for the next
// batch instead of blocking the sweep.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { Status } from './models.ts';

type Executor = Kysely<Database>;

export interface ClaimedRequest {
  id: string;
  status: Status;
  statusBeforeHold: Status | null;
}

export async function countUnverifiedReceivedBefore(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  const row = await db
    .selectFrom('deletion_request')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'UNVERIFIED')
    .where('received_at', '<', cutoff)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Up to `limit` unverified requests received before the cutoff, oldest first, locked for this transaction. */
export async function claimUnverifiedReceivedBefore(
  db: Executor,
  organizationId: string,
  cutoff: Date,
  limit: number,
): Promise<ClaimedRequest[]> {
  const rows = await db
    .selectFrom('deletion_request')
    .select(['id', 'status', 'status_before_hold'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'UNVERIFIED')
    .where('received_at', '<', cutoff)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({ id: row.id, status: row.status, statusBeforeHold: row.status_before_hold }));
}

/** Closes the requests with the given status; returns the ids it changed. */
export async function closeRequests(db: Executor, ids: string[], change: { from: Status; to: Status; closedAt: Date }): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('deletion_request')
    .set((eb) => ({ status: change.to, status_before_hold: null, closed_at: change.closedAt, version: eb('version', '+', 1) }))
    .where('id', 'in', ids)
    .where('status', '=', change.from)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

const withPersonalDataClosedBefore = (organizationId: string, cutoff: Date) => (db: Executor) =>
  db
    .selectFrom('deletion_request')
    .where('organization_id', '=', organizationId)
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', cutoff)
    .where('personal_data_erased_at', 'is', null);

export async function countPersonalDataClosedBefore(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  const row = await withPersonalDataClosedBefore(
    organizationId,
    cutoff,
  )(db)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Up to `limit` closed requests whose personal data is still there, closed before the cutoff, locked for this transaction. */
export async function claimPersonalDataClosedBefore(
  db: Executor,
  organizationId: string,
  cutoff: Date,
  limit: number,
): Promise<ClaimedRequest[]> {
  const rows = await withPersonalDataClosedBefore(
    organizationId,
    cutoff,
  )(db)
    .select(['id', 'status', 'status_before_hold'])
    .orderBy('closed_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({ id: row.id, status: row.status, statusBeforeHold: row.status_before_hold }));
}

/**
 * Erases what identifies the requester: email, name, account and the free
 * text they wrote; the salted email hash stays (it finds duplicates without
 * revealing the address). Staff notes keep their row with empty details.
 * The status handles devices opened with a typed code are deleted.
 */
export async function erasePersonalData(db: Executor, ids: string[], erasedAt: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('deletion_request')
    .set((eb) => ({
      email: null,
      name: null,
      account_identifier: null,
      details: null,
      personal_data_erased_at: erasedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', ids)
    .where('personal_data_erased_at', 'is', null)
    .returning('id')
    .execute();
  const erased = rows.map((row) => row.id);
  if (erased.length > 0) {
    // The devices' status handles open the request's page: they go with what they would show.
    await db.deleteFrom('deletion_request_status_handle').where('request_id', 'in', erased).execute();
    // Free text staff wrote about the person goes with the rest: notes whole, the message of a hold and the
    // reason for verifying by hand. What the outcome says (extension, rejection and completion texts) stays.
    await db
      .updateTable('deletion_request_event')
      .set({
        details: sql<string>`case kind when 'NOTE' then '{}'::jsonb when 'HELD' then details - 'message' else details - 'reason' end`,
      })
      .where('request_id', 'in', erased)
      .where((eb) =>
        eb.or([
          eb('kind', '=', 'NOTE'),
          eb('kind', '=', 'HELD'),
          eb.and([eb('kind', '=', 'VERIFIED'), sql<boolean>`details ->> 'by' = 'staff'`]),
        ]),
      )
      .execute();
  }
  return erased;
}
