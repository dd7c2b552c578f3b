// SQL of the auth domain's retention: staff sign-in sessions and API tokens
// that ended longer ago than their period, found and deleted a bounded batch
// at a time for the rules in retention-rules.ts.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

// --- staff sessions ---------------------------------------------------------

/** A session ends when it is logged out, idles out, or reaches its absolute limit, whichever comes first. */
const sessionEnd = sql<Date>`least(coalesce(user_session.ended_at, 'infinity'::timestamptz), user_session.idle_expires_at, user_session.absolute_expires_at)`;

/** Sessions of the organization's staff that ended before the cutoff. */
function endedSessions(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('user_session')
    .where('user_session.user_id', 'in', (eb) =>
      // Only people who accepted: inviting someone gives no say over their sessions.
      eb
        .selectFrom('membership')
        .select('membership.user_id')
        .where('membership.organization_id', '=', organizationId)
        .where('membership.accepted_at', 'is not', null),
    )
    .where(sessionEnd, '<', cutoff);
}

export async function countEndedSessions(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return countOf(endedSessions(db, organizationId, cutoff).select((eb) => eb.fn.countAll<string>().as('count')));
}

export async function deleteEndedSessions(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const ids = endedSessions(db, organizationId, cutoff)
    .select('user_session.id')
    .orderBy('user_session.id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db.deleteFrom('user_session').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

// --- API tokens -------------------------------------------------------------

/** Tokens of the organization revoked or expired before the cutoff (nothing references a token by key). */
function endedTokens(db: Executor, organizationId: string, cutoff: Date) {
  return db
    .selectFrom('api_token')
    .where('organization_id', '=', organizationId)
    .where(sql<Date>`least(coalesce(revoked_at, 'infinity'::timestamptz), coalesce(expires_at, 'infinity'::timestamptz))`, '<', cutoff);
}

export async function countEndedTokens(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  return countOf(endedTokens(db, organizationId, cutoff).select((eb) => eb.fn.countAll<string>().as('count')));
}

export async function deleteEndedTokens(db: Executor, organizationId: string, cutoff: Date, limit: number): Promise<number> {
  const ids = endedTokens(db, organizationId, cutoff).select('id').orderBy('id').limit(limit).forUpdate().skipLocked();
  const rows = await db.deleteFrom('api_token').where('id', 'in', ids).returning('id').execute();
  return rows.length;
}

async function countOf(query: { executeTakeFirstOrThrow(): Promise<{ count: string | number | bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirstOrThrow()).count);
}
