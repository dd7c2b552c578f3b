// Data minimisation of deletion requests, as the retention sweep applies it:
// requests nobody verified expire, and the personal data of closed requests
// is erased once their retention period has passed. Each call handles one
// bounded batch inside the caller's transaction (the sweep commits it with
// its counts and audit event); the request's timeline shows each step.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { insertEvents } from './deletion-requests.repository.ts';
import { transition } from './lifecycle.ts';
import * as repository from './minimisation.repository.ts';
import type { NewTimelineEntry } from './models.ts';
import { eraseCorrectionValues } from './privacy-request-items.repository.ts';

type Executor = Kysely<Database>;

export interface MinimisationBatch {
  organizationId: string;
  /** Requests whose clock started before this instant are due. */
  cutoff: Date;
  now: Date;
  limit: number;
  /** The retention period applied, shown in the requester's timeline. */
  period: string;
}

const SYSTEM = { userId: null, label: 'system' };

/** Unverified requests received before the cutoff: what `expireUnverifiedBatch` would expire. */
export function countUnverifiedDue(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return repository.countUnverifiedReceivedBefore(db, organizationId, cutoff);
}

/** Expires up to `limit` unverified requests received before the cutoff; returns how many. */
export async function expireUnverifiedBatch(trx: Executor, batch: MinimisationBatch): Promise<number> {
  const claimed = await repository.claimUnverifiedReceivedBefore(trx, batch.organizationId, batch.cutoff, batch.limit);
  // Through the lifecycle, so expiry never takes a request anywhere the state machine forbids.
  for (const request of claimed) transition({ status: request.status, statusBeforeHold: request.statusBeforeHold }, 'EXPIRE');
  const expired = await repository.closeRequests(
    trx,
    claimed.map((request) => request.id),
    { from: 'UNVERIFIED', to: 'EXPIRED', closedAt: batch.now },
  );
  await insertEvents(
    trx,
    expired.map(
      (id): NewTimelineEntry => ({
        requestId: id,
        organizationId: batch.organizationId,
        occurredAt: batch.now,
        kind: 'EXPIRED',
        actor: SYSTEM,
        fromStatus: 'UNVERIFIED',
        toStatus: 'EXPIRED',
        public: true,
        details: { reason: 'The email address was not confirmed in time.', period: batch.period },
      }),
    ),
  );
  return expired.length;
}

/** Closed requests whose personal data is still held, closed before the cutoff. */
export function countPersonalDataDue(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return repository.countPersonalDataClosedBefore(db, organizationId, cutoff);
}

/** Erases the personal data of up to `limit` requests closed before the cutoff; returns how many. */
export async function erasePersonalDataBatch(trx: Executor, batch: MinimisationBatch): Promise<number> {
  const claimed = await repository.claimPersonalDataClosedBefore(trx, batch.organizationId, batch.cutoff, batch.limit);
  const erased = await repository.erasePersonalData(
    trx,
    claimed.map((request) => request.id),
    batch.now,
  );
  // What the requester asked to have corrected is theirs too: the values and reasons go with the rest.
  await eraseCorrectionValues(trx, erased);
  const statusOf = new Map(claimed.map((request) => [request.id, request.status]));
  await insertEvents(
    trx,
    erased.map(
      (id): NewTimelineEntry => ({
        requestId: id,
        organizationId: batch.organizationId,
        occurredAt: batch.now,
        kind: 'PERSONAL_DATA_ERASED',
        actor: SYSTEM,
        fromStatus: statusOf.get(id) ?? null,
        toStatus: statusOf.get(id) ?? null,
        public: true,
        details: { period: batch.period },
      }),
    ),
  );
  return erased.length;
}
