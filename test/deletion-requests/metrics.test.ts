import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const DAY = 86_400_000;

const METRICS = `query ($organization: String!, $year: Int!) {
  deletionRequestMetrics(organization: $organization, year: $year) {
    organization year received completed rejected cancelled expired open
    rejectedByCategory { category count } medianDaysToClose p90DaysToClose closedOnTimeShare
  }
}`;

describe('deletionRequestMetrics', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2025-02-01T00:00:00.000Z');

  /** A request received now and closed `days` later, due `dueDays` after receipt. */
  async function closed(status: 'COMPLETED' | 'REJECTED' | 'CANCELLED', days: number, dueDays = 30, category: string | null = null) {
    const { id } = await submitForTest(api, { organization: 'acme' });
    const received = clock.now().getTime();
    await database.owner
      .updateTable('deletion_request')
      .set({
        status,
        closed_at: new Date(received + days * DAY),
        due_at: new Date(received + dueDays * DAY),
        rejection_category: category as never,
      })
      .where('id', '=', id)
      .execute();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock);
    for (const days of [2, 4, 6, 8, 40]) await closed('COMPLETED', days);
    await closed('REJECTED', 10, 30, 'EXEMPT');
    await closed('REJECTED', 12, 30, 'UNVERIFIABLE');
    await closed('REJECTED', 14, 30, 'EXEMPT');
    await closed('CANCELLED', 1);
    await submitForTest(api, { organization: 'acme' });
    clock.advance(365 * DAY); // 2026: not counted in 2025
    await closed('COMPLETED', 1);
  });
  afterAll(() => database.drop());

  it('counts a year of requests by outcome, with the spread of days to answer and the share on time', async () => {
    const response = await api.query(METRICS, { organization: 'acme', year: 2025 });
    expect(response.data?.deletionRequestMetrics).toEqual({
      organization: 'acme',
      year: 2025,
      received: 10,
      completed: 5,
      rejected: 3,
      cancelled: 1,
      expired: 0,
      open: 1,
      rejectedByCategory: [
        { category: 'EXEMPT', count: 2 },
        { category: 'UNVERIFIABLE', count: 1 },
      ],
      // Answered: 2, 4, 6, 8, 10, 12, 14, 40 days.
      medianDaysToClose: 9,
      p90DaysToClose: 21.8,
      closedOnTimeShare: 0.88,
    });
    expect(JSON.stringify(response.data)).not.toContain('@');
  });

  it('answers null for an unknown organization and refuses a year out of range', async () => {
    expect((await api.query(METRICS, { organization: 'nobody', year: 2025 })).data).toEqual({ deletionRequestMetrics: null });
    const future = await api.query(METRICS, { organization: 'acme', year: 2099 });
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
