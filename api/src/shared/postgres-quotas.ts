// The one owner of the rate_limit table: counters that every API process
// shares, each limiting something (sign-ins, submissions) per key within a
// window. Several limits are spent together, all or none: a request refused by
// one limit spends nothing of the others, so nobody can use up another
// person's limit with requests that never go through. Every limit is checked
// before any is spent, inside one transaction holding the counters' locks.
//
// A row is one counter: key "<prefix>:<key>", points spent, and expire (epoch
// milliseconds) when its window ends. Time is PostgreSQL's clock: one clock
// for every process, however theirs drift.
import type { Pool } from '@governance/db';

/** The connection holding a spend's transaction: the steps below only run queries on it. */
type Transaction = Pick<Pool, 'query'>;

export interface Quota {
  /** Distinct per limit, e.g. "deletion_request_ip". */
  prefix: string;
  key: string;
  /** Points that may be spent per window. */
  limit: number;
  /** The window, counted from its first point; a used-up counter refuses until the window ends. */
  windowSeconds: number;
}

export type QuotaOutcome<Q extends Quota = Quota> =
  | { granted: true }
  | {
      granted: false;
      /** Milliseconds until the latest refusing window ends. */
      msBeforeNext: number;
      /** With `markExhaustion`: the refusing quotas whose exhaustion this refusal was the first to see. */
      newlyExhausted: Q[];
    };

export interface SpendOptions {
  /**
   * Marks a counter the first time it refuses, by taking it one point past its
   * limit, so a caller can record an event once per exhaustion rather than
   * once per refused request. Without it a refusal writes nothing.
   */
  markExhaustion?: boolean;
}

const rowKeyOf = (quota: Pick<Quota, 'prefix' | 'key'>) => `${quota.prefix}:${quota.key}`;

interface Counter<Q extends Quota> {
  quota: Q;
  rowKey: string;
  /** Points spent in the running window: 0 once it has ended. */
  used: number;
  /** When the running window ends, or would end if a point were spent now. */
  expire: number;
}

/** Spends one point of every quota, or none when any of them is used up. */
export async function spendAllOrNone<Q extends Quota>(
  pool: Pool,
  quotas: readonly Q[],
  options: SpendOptions = {},
): Promise<QuotaOutcome<Q>> {
  if (quotas.length === 0) return { granted: true };
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { now, counters } = await lockCounters(client, quotas);
    const refusing = counters.filter((counter) => counter.used >= counter.quota.limit);
    if (refusing.length === 0) {
      await spend(client, counters);
      await client.query('commit');
      return { granted: true };
    }
    const newlyExhausted = options.markExhaustion ? refusing.filter((counter) => counter.used === counter.quota.limit) : [];
    if (newlyExhausted.length === 0) {
      // Nothing to record: the rollback also removes the empty counters this request created.
      await client.query('rollback');
    } else {
      await markExhausted(client, newlyExhausted, counters);
      await client.query('commit');
    }
    return {
      granted: false,
      msBeforeNext: Math.max(...refusing.map((counter) => counter.expire - now)),
      newlyExhausted: newlyExhausted.map((counter) => counter.quota),
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Gives one spent point back, unless the counter is marked exhausted: a recorded exhaustion stays. */
export async function refundOne(pool: Pool, quota: Quota): Promise<void> {
  await pool.query('update rate_limit set points = points - 1 where key = $1 and points between 1 and $2', [rowKeyOf(quota), quota.limit]);
}

/** Starts the counter again, as if nothing had been spent. */
export async function resetQuota(pool: Pool, quota: Pick<Quota, 'prefix' | 'key'>): Promise<void> {
  await pool.query('delete from rate_limit where key = $1', [rowKeyOf(quota)]);
}

interface CounterRow {
  key: string;
  points: number;
  expire: string | null;
}

/** Creates the missing counters and locks them all, in key order; returns one counter per distinct key and the time. */
async function lockCounters<Q extends Quota>(client: Transaction, quotas: readonly Q[]): Promise<{ now: number; counters: Counter<Q>[] }> {
  const byRowKey = new Map(quotas.map((quota) => [rowKeyOf(quota), quota]));
  // One lock order for every spender: concurrent spenders of overlapping keys wait for each other instead of deadlocking.
  const keys = [...byRowKey.keys()].sort();
  await client.query(
    `insert into rate_limit (key, points, expire)
     select key, 0, null from unnest($1::varchar[]) with ordinality as given(key, position) order by position
     on conflict (key) do nothing`,
    [keys],
  );
  const { rows } = await client.query<CounterRow>(
    'select key, points, expire from rate_limit where key = any($1::varchar[]) order by key for update',
    [keys],
  );
  // Read once every lock is held: a request that waited for the locks counts its window from when it got them.
  const clock = await client.query<{ now: string }>('select (extract(epoch from clock_timestamp()) * 1000)::bigint as now');
  const now = Number(clock.rows[0]?.now);
  const rowOf = new Map(rows.map((row) => [row.key, row]));
  const counters = [...byRowKey].map(([rowKey, quota]) => {
    // A counter deleted since the insert (reset by another request) counts as a fresh one.
    const row = rowOf.get(rowKey);
    const running = row?.expire != null && Number(row.expire) > now;
    return {
      quota,
      rowKey,
      used: running ? (row?.points ?? 0) : 0,
      expire: running ? Number(row?.expire) : now + quota.windowSeconds * 1000,
    };
  });
  return { now, counters };
}

async function spend<Q extends Quota>(client: Transaction, counters: readonly Counter<Q>[]): Promise<void> {
  // An upsert: a counter reset (deleted) after this request created it, before it got the lock, is written again, not lost.
  await client.query(
    `insert into rate_limit (key, points, expire)
     select * from unnest($1::varchar[], $2::integer[], $3::bigint[]) as spent(key, points, expire) order by key
     on conflict (key) do update set points = excluded.points, expire = excluded.expire`,
    [counters.map((counter) => counter.rowKey), counters.map((counter) => counter.used + 1), counters.map((counter) => counter.expire)],
  );
}

async function markExhausted<Q extends Quota>(
  client: Transaction,
  exhausted: readonly Counter<Q>[],
  all: readonly Counter<Q>[],
): Promise<void> {
  for (const counter of exhausted) {
    await client.query('update rate_limit set points = $2 where key = $1', [counter.rowKey, counter.quota.limit + 1]);
  }
  // The refusal commits for its marks but leaves no other trace: the empty counters it created go again.
  await client.query('delete from rate_limit where key = any($1::varchar[]) and points = 0 and expire is null', [
    all.map((counter) => counter.rowKey),
  ]);
}
