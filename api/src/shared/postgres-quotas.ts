// Several limits spent together, all or none, in the rate_limit table that
// every API process shares. rate-limiter-flexible (postgres-rate-limiter.ts)
// spends one key per call, so a request refused by its second limit has
// already spent its first: someone could use up another person's limit with
// requests that never go through. Here every limit is checked before any is
// spent, inside one transaction holding the rows' locks.
//
// The rows keep rate-limiter-flexible's layout (key "<prefix>:<key>", points
// spent, expire in epoch milliseconds), so both share the table under
// different prefixes. Time is the database's clock: one clock for every
// process.
import type { Pool } from '@governance/db';

export interface Quota {
  /** Distinct per limit, e.g. "deletion_request_ip". */
  prefix: string;
  key: string;
  points: number;
  windowSeconds: number;
}

export type QuotaOutcome = { granted: true } | { granted: false; msBeforeNext: number };

interface QuotaRow {
  key: string;
  points: number;
  expire: string | null;
  now: string;
}

/** Spends one point of every quota, or none when any of them is used up. */
export async function spendAllOrNone(pool: Pool, quotas: readonly Quota[]): Promise<QuotaOutcome> {
  const limits = new Map(quotas.map((quota) => [`${quota.prefix}:${quota.key}`, quota]));
  // Rows are created and locked in key order, so concurrent spenders of
  // overlapping keys wait for each other instead of deadlocking.
  const keys = [...limits.keys()].sort();
  if (keys.length === 0) return { granted: true };
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into rate_limit (key, points, expire)
       select key, 0, 0 from unnest($1::varchar[]) with ordinality as given(key, position) order by position
       on conflict (key) do nothing`,
      [keys],
    );
    const { rows } = await client.query<QuotaRow>(
      `select key, points, expire, (extract(epoch from clock_timestamp()) * 1000)::bigint as now
       from rate_limit where key = any($1::varchar[]) order by key for update`,
      [keys],
    );
    let refused = false;
    let msBeforeNext = 0;
    const spent: { key: string; points: number; expire: number }[] = [];
    for (const row of rows) {
      const quota = limits.get(row.key);
      if (!quota) continue;
      const now = Number(row.now);
      const running = Number(row.expire ?? 0) > now;
      const expire = running ? Number(row.expire) : now + quota.windowSeconds * 1000;
      const used = running ? row.points : 0;
      if (used >= quota.points) {
        refused = true;
        msBeforeNext = Math.max(msBeforeNext, expire - now);
      } else {
        spent.push({ key: row.key, points: used + 1, expire });
      }
    }
    if (refused) {
      await client.query('rollback');
      return { granted: false, msBeforeNext };
    }
    for (const row of spent) {
      await client.query('update rate_limit set points = $2, expire = $3 where key = $1', [row.key, row.points, row.expire]);
    }
    await client.query('commit');
    return { granted: true };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
