// Public figures per kind and per CCPA category (§7102 reports requests to
// know, to delete and to correct separately).
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const DAY = 86_400_000;
const FIGURES = 'received completed rejected open medianDaysToClose';
const METRICS = `query ($organization: String!, $year: Int!) {
  deletionRequestMetrics(organization: $organization, year: $year) {
    received
    byKind { kind figures { ${FIGURES} } }
    byCcpaCategory { category figures { ${FIGURES} } }
  }
}`;

const zero = { received: 0, completed: 0, rejected: 0, open: 0, medianDaysToClose: null };

describe('transparency figures per kind', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2025-03-01T00:00:00.000Z');

  async function made(kinds: PrivacyRequestKind[], closedAfterDays: number | null = null) {
    const { id } = await submitForTest(api, { organization: 'acme', kinds });
    if (closedAfterDays === null) return;
    await database.owner
      .updateTable('deletion_request')
      .set({ status: 'COMPLETED', closed_at: new Date(clock.now().getTime() + closedAfterDays * DAY) })
      .where('id', '=', id)
      .execute();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock, undefined, { perIp: 10_000, perEmail: 10_000, windowSeconds: 3600 });
    await made(['DELETION'], 10);
    await made(['DELETION', 'ACCESS'], 20);
    await made(['ACCESS', 'PORTABILITY']);
    await made(['CORRECTION'], 4);
  });
  afterAll(() => database.drop());

  it('counts a request under each kind it asks for, and lists every kind', async () => {
    const response = await api.query<{ deletionRequestMetrics: { received: number; byKind: unknown[] } }>(METRICS, {
      organization: 'acme',
      year: 2025,
    });
    const metrics = response.data?.deletionRequestMetrics;
    expect(metrics?.received).toBe(4);
    expect(metrics?.byKind).toEqual([
      { kind: 'DELETION', figures: { received: 2, completed: 2, rejected: 0, open: 0, medianDaysToClose: 15 } },
      { kind: 'ACCESS', figures: { received: 2, completed: 1, rejected: 0, open: 1, medianDaysToClose: 20 } },
      { kind: 'PORTABILITY', figures: { received: 1, completed: 0, rejected: 0, open: 1, medianDaysToClose: null } },
      { kind: 'CORRECTION', figures: { received: 1, completed: 1, rejected: 0, open: 0, medianDaysToClose: 4 } },
    ]);
  });

  it('counts requests to know, to delete and to correct as the CCPA reports them: access and portability together, once', async () => {
    const response = await api.query<{ deletionRequestMetrics: { byCcpaCategory: unknown[] } }>(METRICS, {
      organization: 'acme',
      year: 2025,
    });
    expect(response.data?.deletionRequestMetrics.byCcpaCategory).toEqual([
      { category: 'KNOW', figures: { received: 2, completed: 1, rejected: 0, open: 1, medianDaysToClose: 20 } },
      { category: 'DELETE', figures: { received: 2, completed: 2, rejected: 0, open: 0, medianDaysToClose: 15 } },
      { category: 'CORRECT', figures: { received: 1, completed: 1, rejected: 0, open: 0, medianDaysToClose: 4 } },
    ]);
  });

  it('lists every kind with zeros in a year without requests', async () => {
    const response = await api.query<{ deletionRequestMetrics: { byKind: { figures: unknown }[] } }>(METRICS, {
      organization: 'acme',
      year: 2024,
    });
    expect(response.data?.deletionRequestMetrics.byKind.map((row) => row.figures)).toEqual([zero, zero, zero, zero]);
  });
});
