import { createLoginLimiter } from '@governance/api/auth/login-limiter';
import { APP_ROLE, createPool } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('the sign-in limiter', () => {
  let database: TestDatabase;
  let limiter: ReturnType<typeof createLoginLimiter>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const pool = createPool(database.url, { role: APP_ROLE });
    database.adopt(() => pool.end());
    limiter = createLoginLimiter(pool, { perAccount: 3, perIp: 5, windowSeconds: 120 });
  });
  afterAll(() => database.drop());

  it('locks an address that fails across many accounts', async () => {
    for (let account = 0; account < 5; account++) await limiter.recordFailure(`user${account}@acme.test`, '203.0.113.7');
    const lockedFor = await limiter.lockedFor('someone-else@acme.test', '203.0.113.7');
    expect(lockedFor).toBeGreaterThan(110_000);
    expect(lockedFor).toBeLessThanOrEqual(120_000);
    expect(await limiter.lockedFor('someone-else@acme.test', '198.51.100.1')).toBe(0);
  });

  it('counts per account across addresses, and forgets on success', async () => {
    for (const ip of ['198.51.100.1', '198.51.100.2']) await limiter.recordFailure('target@acme.test', ip);
    expect(await limiter.lockedFor('target@acme.test', null)).toBe(0);
    await limiter.recordSuccess('target@acme.test');
    await limiter.recordFailure('target@acme.test', null);
    expect(await limiter.lockedFor('target@acme.test', null)).toBe(0);
    await limiter.recordFailure('target@acme.test', null);
    await limiter.recordFailure('target@acme.test', null);
    expect(await limiter.lockedFor('target@acme.test', null)).toBeGreaterThan(0);
  });

  it('keeps its counts in PostgreSQL, shared by every API process', async () => {
    const otherPool = createPool(database.url, { role: APP_ROLE });
    database.adopt(() => otherPool.end());
    const other = createLoginLimiter(otherPool, { perAccount: 3, perIp: 5, windowSeconds: 120 });
    expect(await other.lockedFor('target@acme.test', null)).toBeGreaterThan(0);
  });
});
