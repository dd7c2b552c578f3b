// The queue's working views read open requests through the partial index of
// open requests, however many closed ones came before them: without it they
// walk the due-date index through every closed request (1.6 s a page at
// 1,000,000 requests). The plans are those of the repository's own query,
// compiled by Kysely and explained with its parameters, on a table where
// closed requests outnumber open ones as they do in a queue that has run for
// years.
import { type QueueFilter, queuePageQuery } from '@governance/api/deletion-requests/queue.repository';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff } from '../helpers/staff.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-15T12:00:00.000Z');
const CLOSED_REQUESTS = 20_000;
const OPEN_REQUESTS = 400;
const OPEN = ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'] as const;
const PAGE = 20;

// Closed requests were received 60 to 600 days ago; open ones in the last 45 days (due 30 days after receipt, so
// some overdue). A third of the open ones on hold, one in three of those a GDPR wait for proof of identity, whose
// clock is stopped. Every other request assigned.
const GENERATE = `
  insert into deletion_request (organization_id, reference, idempotency_key, input_hash, email_hash, jurisdiction, status,
    verification_token_hash, status_token_hash, received_at, due_at, closed_at, assignee_id, holds)
  select $1::uuid,
    'DR-2026-' || (select string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((g / (32 ^ p)::bigint) % 32)::int + 1, 1), '' order by p desc)
                   from generate_series(0, 4) p),
    'test-key-' || g, md5('i' || g) || md5('j' || g), md5('e' || g) || md5('f' || g),
    (array['GDPR', 'CCPA', 'OTHER'])[1 + g % 3],
    case when g <= $2 then (array['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'])[1 + g % 4] else (array[${OPEN.map((status) => `'${status}'`).join(', ')}])[1 + g % 4] end,
    md5('v' || g) || md5('w' || g), md5('s' || g) || md5('t' || g),
    received, received + interval '30 days',
    case when g <= $2 then received + interval '20 days' end,
    case when g % 2 = 0 then $4::uuid end,
    case when g > $2 and g % 4 = 3 and g % 3 = 0 then jsonb_build_array(jsonb_build_object('from', received, 'until', null, 'reason', 'IDENTITY_PROOF'))
         else '[]'::jsonb end
  from generate_series(1, $3::bigint) g,
    lateral (select $5::timestamptz - case when g <= $2 then interval '60 days' + (g * 7919 % 540) * interval '1 day'
                                         else (g * 7919 % 45) * interval '1 day' end - (g % 86400) * interval '1 second' as received) r`;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function indexesIn(plan: PlanNode): string[] {
  return [...(plan['Index Name'] ? [plan['Index Name']] : []), ...(plan.Plans ?? []).flatMap(indexesIn)];
}

interface Request {
  id: string;
  reference: string;
  status: string;
  jurisdiction: string;
  due_at: Date;
  assignee_id: string | null;
  holds: { reason: string }[];
}

describe('the queue working views at scale', () => {
  let database: TestDatabase;
  let organizationId: string;
  let everything: Request[];
  let officer: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    organizationId = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    officer = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await database.owner.executeQuery(
      CompiledQuery.raw(GENERATE, [organizationId, CLOSED_REQUESTS, CLOSED_REQUESTS + OPEN_REQUESTS, officer, NOW.toISOString()]),
    );
    // What autovacuum does on a live system: the planner knows how the statuses are spread.
    await database.owner.executeQuery(CompiledQuery.raw('analyze deletion_request'));
    everything = await database.owner
      .selectFrom('deletion_request')
      .select(['id', 'reference', 'status', 'jurisdiction', 'due_at', 'assignee_id', 'holds'])
      .where('organization_id', '=', organizationId)
      .execute();
  });
  afterAll(() => database.drop());

  const isOpen = (request: Request) => (OPEN as readonly string[]).includes(request.status);
  const clockStopped = (request: Request) =>
    request.status === 'ON_HOLD' && request.jurisdiction === 'GDPR' && request.holds.at(-1)?.reason === 'IDENTITY_PROOF';

  const OPEN_QUEUE = 'deletion_request_open_queue';
  const VIEWS: { name: string; index: string; filter: () => QueueFilter; keeps: (request: Request) => boolean }[] = [
    {
      name: 'open (verified or in progress)',
      index: OPEN_QUEUE,
      filter: () => ({ statuses: ['VERIFIED', 'IN_PROGRESS'] }),
      keeps: (r) => ['VERIFIED', 'IN_PROGRESS'].includes(r.status),
    },
    { name: 'every open status', index: OPEN_QUEUE, filter: () => ({ statuses: [...OPEN] }), keeps: isOpen },
    {
      name: 'overdue',
      index: OPEN_QUEUE,
      filter: () => ({ overdue: true }),
      keeps: (r) => isOpen(r) && r.due_at < NOW && !clockStopped(r),
    },
    {
      name: 'due within 7 days',
      index: OPEN_QUEUE,
      filter: () => ({ dueBefore: new Date(NOW.getTime() + 7 * DAY) }),
      keeps: (r) => isOpen(r) && r.due_at.getTime() <= NOW.getTime() + 7 * DAY,
    },
    {
      name: 'unassigned and open',
      index: OPEN_QUEUE,
      filter: () => ({ unassigned: true, statuses: [...OPEN] }),
      keeps: (r) => isOpen(r) && r.assignee_id === null,
    },
    {
      name: "an assignee's open",
      index: 'deletion_request_open_assignee_queue',
      filter: () => ({ assigneeId: officer, statuses: [...OPEN] }),
      keeps: (r) => isOpen(r) && r.assignee_id === officer,
    },
  ];

  it.each(VIEWS)('reads the $name view from the partial index $index, not through the closed requests', async ({ index, filter }) => {
    const compiled = queuePageQuery(database.db, organizationId, filter(), { first: PAGE, after: null }, NOW).compile();
    const explained = await database.owner.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
    );
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('no plan');
    expect(indexesIn(plan)).toContain(index);
  });

  it.each(VIEWS)('pages the $name view soonest due first, exactly the matching requests', async ({ filter, keeps }) => {
    const expected = everything
      .filter(keeps)
      .sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || (a.id < b.id ? -1 : 1))
      .map((request) => request.reference);
    expect(expected.length).toBeGreaterThan(PAGE);
    const first = await queuePageQuery(database.db, organizationId, filter(), { first: PAGE, after: null }, NOW).execute();
    expect(first.map((row) => row.reference)).toEqual(expected.slice(0, PAGE + 1));
    const last = first[PAGE - 1];
    if (!last) throw new Error('short page');
    const second = await queuePageQuery(
      database.db,
      organizationId,
      filter(),
      { first: PAGE, after: { dueAt: last.due_at, id: last.id } },
      NOW,
    ).execute();
    expect(second.map((row) => row.reference)).toEqual(expected.slice(PAGE, 2 * PAGE + 1));
  });
});
