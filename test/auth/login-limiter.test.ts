import { createLoginLimiter, type LoginReservation } from '@governance/api/auth/login-limiter';
import { APP_ROLE, createPool } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const granted = (reservations: LoginReservation[]) => reservations.filter((reservation) => reservation.granted).length;

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

  it('grants at most the per-account limit of checks to attempts that arrive at once', async () => {
    const reservations = await Promise.all(Array.from({ length: 30 }, () => limiter.reserve('burst@acme.test', null)));
    expect(granted(reservations)).toBe(3);
  });

  it('grants at most the per-address limit across accounts to attempts that arrive at once', async () => {
    const reservations = await Promise.all(
      Array.from({ length: 30 }, (_, account) => limiter.reserve(`spray${account}@acme.test`, '203.0.113.9')),
    );
    expect(granted(reservations)).toBe(5);
  });

  it('locks an address that fails across many accounts, for the rest of its window', async () => {
    for (let account = 0; account < 5; account++)
      expect(await limiter.reserve(`user${account}@acme.test`, '203.0.113.7')).toEqual({ granted: true });
    const refused = await limiter.reserve('someone-else@acme.test', '203.0.113.7');
    expect(refused.granted).toBe(false);
    if (refused.granted) return;
    expect(refused.retryAfterMs).toBeGreaterThan(110_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(refused.newlyLocked).toEqual(['address']);
    expect(await limiter.reserve('someone-else@acme.test', '198.51.100.1')).toEqual({ granted: true });
  });

  it('spends nothing of the address when the account refuses, nor of the account when the address refuses', async () => {
    for (let attempt = 0; attempt < 3; attempt++) await limiter.reserve('locked@acme.test', `198.51.100.${10 + attempt}`);
    // The account is full: five more refusals from one address leave that address untouched.
    for (let attempt = 0; attempt < 5; attempt++) expect((await limiter.reserve('locked@acme.test', '198.51.100.50')).granted).toBe(false);
    expect(await limiter.reserve('fresh@acme.test', '198.51.100.50')).toEqual({ granted: true });
    // The address 203.0.113.7 is full (above): refusals there leave a fresh account its three checks.
    for (let attempt = 0; attempt < 5; attempt++) expect((await limiter.reserve('untouched@acme.test', '203.0.113.7')).granted).toBe(false);
    for (let attempt = 0; attempt < 3; attempt++) expect(await limiter.reserve('untouched@acme.test', null)).toEqual({ granted: true });
  });

  it('keeps no counter for accounts whose attempts a locked address refused', async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from rate_limit`.execute(database.db)).rows[0]?.n);
    const before = await count();
    for (let account = 0; account < 10; account++)
      expect((await limiter.reserve(`sprayed${account}@acme.test`, '203.0.113.7')).granted).toBe(false);
    expect(await count()).toBe(before);
  });

  it('reports a lockout as new only on its first refusal', async () => {
    for (let attempt = 0; attempt < 3; attempt++) await limiter.reserve('once@acme.test', null);
    const refusals = await Promise.all(Array.from({ length: 10 }, () => limiter.reserve('once@acme.test', null)));
    expect(refusals.flatMap((refusal) => (refusal.granted ? [] : refusal.newlyLocked))).toEqual(['account']);
  });

  it("forgets an account's failures on success, and gives the address back only the successful check", async () => {
    await limiter.reserve('target@acme.test', '192.0.2.1');
    await limiter.reserve('target@acme.test', '192.0.2.1');
    await limiter.reserve('target@acme.test', '192.0.2.1');
    await limiter.recordSuccess('target@acme.test', '192.0.2.1');
    expect(granted(await Promise.all(Array.from({ length: 5 }, () => limiter.reserve('target@acme.test', null))))).toBe(3);
    // The address keeps its two failures: three more checks are left of five.
    expect(granted(await Promise.all(Array.from({ length: 5 }, (_, n) => limiter.reserve(`other${n}@acme.test`, '192.0.2.1'))))).toBe(3);
  });

  it('keeps no email or address in clear, and its counts in PostgreSQL, shared by every API process', async () => {
    const keys = await sql<{ key: string }>`select key from rate_limit`.execute(database.db);
    expect(keys.rows.length).toBeGreaterThan(0);
    for (const { key } of keys.rows) expect(key).toMatch(/^login_(account|ip):[0-9a-f]{64}$/);
    const otherPool = createPool(database.url, { role: APP_ROLE });
    database.adopt(() => otherPool.end());
    const other = createLoginLimiter(otherPool, { perAccount: 3, perIp: 5, windowSeconds: 120 });
    expect((await other.reserve('burst@acme.test', null)).granted).toBe(false);
  });
});
