import { queuePageQuery } from '@governance/api/deletion-requests/queue.repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, organizationNamed, signIn } from '../helpers/staff.ts';

const DAY = 86_400_000;

const QUEUE = `query ($organization: String!, $filter: DeletionRequestFilter, $first: Int, $after: String) {
  deletionRequests(organization: $organization, filter: $filter, first: $first, after: $after) {
    edges { cursor node { reference status jurisdiction dueAt overdue daysLeft email } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface QueueRow {
  reference: string;
  status: string;
  jurisdiction: string;
  dueAt: string;
  overdue: boolean;
  daysLeft: number;
  email: string | null;
}

describe('the deletion-request queue', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-03-01T08:00:00.000Z');
  let officer: string;
  let officerId: string;
  const made: { id: string; reference: string; email: string; jurisdiction: string }[] = [];

  async function queue(filter: Record<string, unknown> = {}, first = 50, after: string | null = null) {
    const response = await api.query<{
      deletionRequests: { edges: { node: QueueRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(QUEUE, { organization: 'acme', filter, first, after }, { cookie: officer });
    if (response.errors) throw new Error(response.errors[0]?.message);
    const connection = response.data?.deletionRequests;
    if (!connection) throw new Error('no queue');
    return { rows: connection.edges.map((edge) => edge.node), pageInfo: connection.pageInfo };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    api = createTestApi(database, clock);
    officerId = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    // Seven requests a day apart, in three regimes, and one in another organization.
    const regimes = ['GDPR', 'CCPA', 'OTHER'] as const;
    for (let index = 0; index < 7; index++) {
      const jurisdiction = regimes[index % 3] ?? 'GDPR';
      const submitted = await submitForTest(api, { organization: 'acme', jurisdiction });
      made.push({ id: submitted.id, reference: submitted.reference, email: submitted.email, jurisdiction });
      clock.advance(DAY);
    }
    await submitForTest(api, { organization: 'globex' });
    clock.advance(40 * DAY);
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  it('pages the whole queue by keyset, soonest due first, without gaps or repeats', async () => {
    const seen: QueueRow[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await queue({}, 3, after);
      seen.push(...page.rows);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.map((row) => row.reference).sort()).toEqual(made.map((request) => request.reference).sort());
    const dues = seen.map((row) => row.dueAt);
    expect(dues).toEqual([...dues].sort());
  });

  it('filters by jurisdiction, status, overdue and due date, and searches by reference or email', async () => {
    expect((await queue({ jurisdiction: 'CCPA' })).rows.map((row) => row.jurisdiction)).toEqual(['CCPA', 'CCPA']);
    expect((await queue({ status: ['VERIFIED'] })).rows).toEqual([]);
    // Received 1–7 March, now 17 April: every GDPR (one month) and OTHER (30 days) request is overdue, and of
    // the CCPA ones (45 days) only that of 2 March (due 16 April), not that of 5 March (due 19 April).
    const overdue = (await queue({ overdue: true })).rows;
    expect(overdue.map((row) => row.jurisdiction).sort()).toEqual(['CCPA', 'GDPR', 'GDPR', 'GDPR', 'OTHER', 'OTHER']);
    expect(overdue.every((row) => row.overdue && row.daysLeft < 0)).toBe(true);
    const dueSoon = (await queue({ dueBefore: new Date(clock.now().getTime() + 7 * DAY).toISOString() })).rows;
    expect(dueSoon.map((row) => row.jurisdiction)).toContain('CCPA');
    const target = made[4];
    expect((await queue({ q: target?.reference.toLowerCase() })).rows.map((row) => row.reference)).toEqual([target?.reference]);
    expect((await queue({ q: target?.email.toUpperCase() })).rows.map((row) => row.email)).toEqual([target?.email]);
  });

  it('explains a search it cannot run and a cursor it did not make', async () => {
    const bad = await api.query(QUEUE, { organization: 'acme', filter: { q: 'smith' } }, { cookie: officer });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('reference');
    const cursor = await api.query(QUEUE, { organization: 'acme', after: 'bm9wZQ' }, { cookie: officer });
    expect(cursor.errors?.[0]?.message).toContain('cursor');
  });

  it("shows each request's organization and deadline as the policies domain holds them, reading no organization table itself", async () => {
    const acme = await organizationNamed(database.db, 'acme');
    // Another deadline for requests under no named regime: both screens follow the organization.
    await database.db.updateTable('organization').set({ deletion_request_days: 60 }).where('id', '=', acme.id).execute();
    try {
      const other = made.find((request) => request.jurisdiction === 'OTHER');
      const [row] = (await queue({ q: other?.reference })).rows;
      expect(row?.overdue).toBe(false);
      const page = await api.query<{ deletionRequests: { edges: { node: { id: string; organization: string } }[] } }>(
        `{ deletionRequests(organization: "acme", first: 50) { edges { node { id organization } } } }`,
        {},
        { cookie: officer },
      );
      const nodes = page.data?.deletionRequests.edges.map((edge) => edge.node) ?? [];
      expect(nodes.map((node) => node.organization)).toEqual(made.map(() => 'acme'));
      const one = await api.query<{ deletionRequest: { organization: string; overdue: boolean } | null }>(
        'query ($id: ID!) { deletionRequest(id: $id) { organization overdue } }',
        { id: nodes[0]?.id },
        { cookie: officer },
      );
      expect(one.data?.deletionRequest?.organization).toBe('acme');
    } finally {
      await database.db.updateTable('organization').set({ deletion_request_days: 30 }).where('id', '=', acme.id).execute();
    }
    const compiled = queuePageQuery(database.db, acme.id, {}, { first: 1, after: null }, clock.now()).compile();
    expect(compiled.sql).not.toMatch(/"organization"/);
  });

  it('counts requests per status', async () => {
    const response = await api.query<{ deletionRequestCounts: { status: string; count: number }[] }>(
      '{ deletionRequestCounts(organization: "acme") { status count } }',
      {},
      { cookie: officer },
    );
    expect(response.data?.deletionRequestCounts).toEqual([{ status: 'UNVERIFIED', count: 7 }]);
  });

  async function counts(filter: Record<string, unknown>) {
    const response = await api.query<{ deletionRequestCounts: { status: string; count: number }[] }>(
      'query ($filter: DeletionRequestFilter) { deletionRequestCounts(organization: "acme", filter: $filter) { status count } }',
      { filter },
      { cookie: officer },
    );
    if (response.errors) throw new Error(response.errors[0]?.message);
    return response.data?.deletionRequestCounts ?? [];
  }

  it('counts, under a filter, exactly the requests the queue lists with that filter', async () => {
    const mine = made[2];
    const assigned = await api.query<{ assignDeletionRequest: { __typename: string } }>(
      'mutation ($id: ID!, $assignee: ID) { assignDeletionRequest(id: $id, version: 1, assignee: $assignee) { __typename } }',
      { id: mine?.id, assignee: officerId },
      { cookie: officer },
    );
    expect(assigned.data?.assignDeletionRequest.__typename).toBe('MutationAssignDeletionRequestSuccess');
    const open = ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'];
    const views: Record<string, unknown>[] = [
      { assignee: officerId, status: open },
      { overdue: true },
      { dueWithinDays: 7 },
      { status: ['UNVERIFIED'] },
      { jurisdiction: 'CCPA', overdue: true },
    ];
    for (const filter of views) {
      const listed = (await queue(filter)).rows;
      const counted = await counts(filter);
      expect(
        counted.reduce((sum, entry) => sum + entry.count, 0),
        JSON.stringify(filter),
      ).toBe(listed.length);
    }
    expect(await counts({ assignee: officerId, status: open })).toEqual([{ status: 'UNVERIFIED', count: 1 }]);
    expect(await counts({ overdue: true })).toEqual([{ status: 'UNVERIFIED', count: 6 }]);
  });

  it('lists as due within a number of days only open requests not yet overdue, by the server clock', async () => {
    // Now 17 April: the CCPA request of 5 March is due 19 April; the one of 2 March (due 16 April) is overdue.
    const rows = (await queue({ dueWithinDays: 7 })).rows;
    expect(rows.map((row) => [row.jurisdiction, row.daysLeft, row.overdue])).toEqual([['CCPA', 2, false]]);
    expect((await queue({ dueWithinDays: 1 })).rows).toEqual([]);
  });

  it.each([
    ['filter.assignee', { assignee: 'not-a-user-id' }],
    ['filter.q', { q: `DR-${'A'.repeat(400)}` }],
    ['filter.q', { q: 'DR-2026\u0000' }],
    ['filter.dueWithinDays', { dueWithinDays: 0 }],
    ['filter.dueWithinDays', { dueWithinDays: 367 }],
  ])('refuses a bad %s, naming it, in the queue and its counts alike', async (field, filter) => {
    const counting =
      'query ($organization: String!, $filter: DeletionRequestFilter) { deletionRequestCounts(organization: $organization, filter: $filter) { count } }';
    for (const query of [QUEUE, counting]) {
      const response = await api.query(query, { organization: 'acme', filter }, { cookie: officer });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
