// The public deletion request form's limits, per address and per email, over
// the real rate_limit table: a refused submission spends nothing, so nobody
// can use up another person's limit.
import { createIntakeLimiter, type IntakeLimiter } from '@governance/api/deletion-requests/intake-limiter';
import { APP_ROLE, createPool, type Pool } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const LIMITS = { perIp: 3, perEmail: 5, windowSeconds: 3600 };

describe('the deletion request intake limits', () => {
  let database: TestDatabase;
  let pool: Pool;
  let limiter: IntakeLimiter;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, { role: APP_ROLE, maxConnections: 8 });
    database.adopt(() => pool.end());
    limiter = createIntakeLimiter(pool, LIMITS);
  });
  afterAll(() => database.drop());

  const outcome = (emailHash: string, ip: string | null) =>
    limiter.consume(emailHash, ip).then(
      () => 'accepted',
      (error: { code?: string }) => error.code ?? 'error',
    );

  it("submissions refused for the attacker's address do not spend the victim's email limit", async () => {
    // The attacker's address is already limited…
    for (let index = 0; index < LIMITS.perIp; index++) expect(await outcome(`own-${index}`, '198.51.100.66')).toBe('accepted');
    // …and from it, five submissions naming the victim's email are refused…
    for (let index = 0; index < LIMITS.perEmail; index++) expect(await outcome('victim-hash', '198.51.100.66')).toBe('RATE_LIMITED');
    // …so the victim's own first request still goes through.
    expect(await outcome('victim-hash', '203.0.113.7')).toBe('accepted');
  });

  it('submissions refused for their email do not spend the address limit', async () => {
    for (let index = 0; index < LIMITS.perEmail; index++) expect(await outcome('busy-hash', `192.0.2.${index}`)).toBe('accepted');
    for (let index = 0; index < LIMITS.perIp + 2; index++) expect(await outcome('busy-hash', '192.0.2.200')).toBe('RATE_LIMITED');
    expect(await outcome('someone-else', '192.0.2.200')).toBe('accepted');
  });

  it('says how long to wait when refusing', async () => {
    for (let index = 0; index < LIMITS.perEmail; index++) await outcome('patient-hash', null);
    await expect(limiter.consume('patient-hash', null)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Too many requests. Try again in 60 minutes.',
    });
  });

  it('grants exactly the limit under concurrent submissions, and spends nothing for the refused ones', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => outcome('crowd-hash', '192.0.2.50')));
    expect(outcomes.filter((result) => result === 'accepted')).toHaveLength(LIMITS.perIp);
    expect(outcomes.filter((result) => result === 'RATE_LIMITED')).toHaveLength(40 - LIMITS.perIp);
    const { rows } = await sql<{ key: string; points: number }>`
      select key, points from rate_limit
      where key in ('deletion_request_email:crowd-hash', 'deletion_request_ip:192.0.2.50') order by key`.execute(database.owner);
    expect(rows).toEqual([
      { key: 'deletion_request_email:crowd-hash', points: LIMITS.perIp },
      { key: 'deletion_request_ip:192.0.2.50', points: LIMITS.perIp },
    ]);
  });

  it('starts counting afresh once the window has passed', async () => {
    for (let index = 0; index < LIMITS.perEmail; index++) await outcome('returning-hash', null);
    expect(await outcome('returning-hash', null)).toBe('RATE_LIMITED');
    await sql`update rate_limit set expire = 1 where key = 'deletion_request_email:returning-hash'`.execute(database.owner);
    expect(await outcome('returning-hash', null)).toBe('accepted');
  });
});
