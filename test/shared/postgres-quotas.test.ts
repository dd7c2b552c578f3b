// The shared counters under every limit (sign-ins, submissions), over the real
// rate_limit table: all or none, a first refusal marked once, no empty rows
// left by a refusal, refunds that keep a recorded exhaustion, and no point lost
// to a counter reset while a spend waits for its lock.

import { type Quota, refundOne, resetQuota, spendAllOrNone } from '@governance/api/shared/postgres-quotas';
import { APP_ROLE, createPool, type Pool } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';

const quota = (key: string, limit = 2): Quota => ({ prefix: 'test', key, limit, windowSeconds: 600 });

describe('the shared quota counters', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, { role: APP_ROLE, maxConnections: 8 });
    database.adopt(() => pool.end());
  });
  afterAll(() => database.drop());

  const pointsOf = async (key: string) =>
    (await sql<{ points: number }>`select points from rate_limit where key = ${`test:${key}`}`.execute(database.owner)).rows[0]?.points;
  const rowCount = async () => Number((await sql<{ n: string }>`select count(*) as n from rate_limit`.execute(database.owner)).rows[0]?.n);

  it('spends every quota or none, and says when the latest refusing window ends', async () => {
    for (let spent = 0; spent < 2; spent++) expect(await spendAllOrNone(pool, [quota('full')])).toEqual({ granted: true });
    const refused = await spendAllOrNone(pool, [quota('open'), quota('full')]);
    expect(refused).toMatchObject({ granted: false, newlyExhausted: [] });
    if (refused.granted) return;
    expect(refused.msBeforeNext).toBeGreaterThan(590_000);
    expect(refused.msBeforeNext).toBeLessThanOrEqual(600_000);
    expect(await pointsOf('full')).toBe(2);
    expect(await pointsOf('open')).toBeUndefined();
  });

  it('marks an exhaustion once, on the first of many refusals arriving at once, and only when asked', async () => {
    for (let spent = 0; spent < 2; spent++) await spendAllOrNone(pool, [quota('marked')]);
    const refusals = await Promise.all(Array.from({ length: 10 }, () => spendAllOrNone(pool, [quota('marked')], { markExhaustion: true })));
    expect(refusals.flatMap((refusal) => (refusal.granted ? [] : refusal.newlyExhausted.map((exhausted) => exhausted.key)))).toEqual([
      'marked',
    ]);
    expect(await pointsOf('marked')).toBe(3);
  });

  it('leaves no empty counter behind a refusal, also one that marks another counter exhausted', async () => {
    for (let spent = 0; spent < 2; spent++) await spendAllOrNone(pool, [quota('crowded')]);
    const before = await rowCount();
    const marking = await spendAllOrNone(pool, [quota('first-comer'), quota('crowded')], { markExhaustion: true });
    expect(marking).toMatchObject({ granted: false, newlyExhausted: [quota('crowded')] });
    await spendAllOrNone(pool, [quota('second-comer'), quota('crowded')], { markExhaustion: true });
    expect(await rowCount()).toBe(before);
  });

  it('gives back one point, but keeps an exhaustion already marked', async () => {
    await spendAllOrNone(pool, [quota('refunded')]);
    await refundOne(pool, quota('refunded'));
    expect(await pointsOf('refunded')).toBe(0);
    await refundOne(pool, quota('refunded'));
    expect(await pointsOf('refunded')).toBe(0);

    for (let spent = 0; spent < 2; spent++) await spendAllOrNone(pool, [quota('locked-out')]);
    await spendAllOrNone(pool, [quota('locked-out')], { markExhaustion: true });
    await refundOne(pool, quota('locked-out'));
    expect(await pointsOf('locked-out')).toBe(3);
  });

  it('starts a reset counter again from nothing', async () => {
    for (let spent = 0; spent < 2; spent++) await spendAllOrNone(pool, [quota('forgiven')]);
    await resetQuota(pool, quota('forgiven'));
    expect(await spendAllOrNone(pool, [quota('forgiven')])).toEqual({ granted: true });
    expect(await pointsOf('forgiven')).toBe(1);
  });

  it('counts a spend whose counter was reset while it waited for the lock', async () => {
    await spendAllOrNone(pool, [quota('raced', 5)]);
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await holder.query("select 1 from rate_limit where key = 'test:raced' for update");
      const waiting = spendAllOrNone(pool, [quota('raced', 5)]);
      await eventually(async () => {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(database.owner);
        return Number(rows[0]?.n) > 0;
      });
      await holder.query("delete from rate_limit where key = 'test:raced'");
      await holder.query('commit');
      expect(await waiting).toEqual({ granted: true });
    } finally {
      holder.release();
    }
    expect(await pointsOf('raced')).toBe(1);
  });
});
