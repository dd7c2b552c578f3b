// The deletion-request queue at scale: 1,000,000 requests in one
// organization (and 200,000 in another), read through GraphQL over HTTP
// against the real server in its own process, one working view at a time.
// The data is what a queue that has run for 18 months holds: 90 % of the
// requests closed, nearly all of them the older ones; the open ones recent,
// a few stale and overdue. Quoted as latency percentiles and as a ratio to a
// bare `{ __typename }` on the same server in the same run, since this
// machine's absolute speed drifts. The requests are generated in SQL with the
// shapes the product writes. Measured twice on the same data and server: with
// the partial indexes of open requests, then without them (as before
// migration 2026_12_02_0500), each with EXPLAIN ANALYZE of the repository's
// query of every working view.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type QueueFilter, queuePageQuery } from '@governance/api/deletion-requests/queue.repository';
import type { DeletionRequestStatus } from '@governance/db';
import { percentile, startBenchDatabase } from './audit-database.ts';
import { createBenchStaff } from './bench-staff.ts';
import { startServer } from './serve-process.ts';

const REQUESTS = Number(process.env.BENCH_DELETION_REQUESTS ?? 1_000_000);
const OTHER_REQUESTS = Math.round(REQUESTS / 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const SAMPLES_WITHOUT_OPEN_INDEXES = Number(process.env.BENCH_SAMPLES_WITHOUT_OPEN_INDEXES ?? 20);
const ROOT = path.resolve(import.meta.dirname, '..');
const NOW = Date.parse('2026-06-15T12:00:00Z');

const database = await startBenchDatabase({ maxConnections: 8 });
const { db, ownerPool } = database;
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const organization = async (slug: string) =>
  await db
    .insertInto('organization')
    .values({ slug, name: slug, website: null, contacts: '[]', notice_period_days: 30 })
    .returning(['id', 'email_hash_salt'])
    .executeTakeFirstOrThrow();
const acme = await organization('acme');
const globex = await organization('globex');

// A reader's token and ten officers to assign work to.
const staff = await createBenchStaff(db, database.url);
const officers: string[] = [];
for (let index = 0; index < 10; index++) officers.push(await staff.officer('acme', index));
const token = await staff.token(acme.id, ['deletion-requests:read']);

// Received evenly over the 540 days before NOW. A request received 60 days ago
// or more is closed, bar one in 200 left open (stale, overdue); of the younger
// ones one in five is closed: 90.7 % closed in all. Closed: 60 % completed and
// 15 % rejected (by their assignee), 10 % cancelled and 15 % expired
// (unverified, never assigned). Open: unverified ones unassigned, half the
// verified ones assigned, the rest assigned (the stale open ones drawn apart,
// or every one of them would share one status). Due 30 days after receipt (45
// under the CCPA). Pseudo-random but repeatable: each draw multiplies the row
// number by another prime. The email hash is the intake's (searches find it);
// the token and input hashes, which no view reads, are unique hex counters,
// cheaper to make than digests.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const digit = (power: number) => `substr('${ALPHABET}', ((g / ${32 ** power}) % 32)::int + 1, 1)`;
const GENERATE = `
  insert into deletion_request (organization_id, reference, idempotency_key, input_hash, email, name, email_hash, jurisdiction, status,
    verification_token_hash, status_token_hash, received_at, verified_at, due_at, closed_at, assignee_id)
  select $1::uuid, 'DR-' || $4 || '-' || ${[4, 3, 2, 1, 0].map(digit).join(' || ')},
    'bench-key-' || g, lpad(to_hex(g), 64, '0'), 'person' || g || '@example.com', 'Person ' || g,
    encode(sha256(convert_to($5 || ':person' || g || '@example.com', 'UTF8')), 'hex'),
    jurisdiction, status,
    lpad($4 || to_hex(g), 63, '0') || 'a', lpad($4 || to_hex(g), 63, '0') || 'b',
    received, case when status not in ('UNVERIFIED', 'EXPIRED') then received + interval '1 day' end,
    received + case when jurisdiction = 'CCPA' then interval '45 days' else interval '30 days' end,
    case when closed then received + case when status = 'EXPIRED' then interval '14 days' else (g % 25 + 1) * interval '1 day' end end,
    case when status in ('COMPLETED', 'REJECTED', 'IN_PROGRESS', 'ON_HOLD') or (status = 'VERIFIED' and g % 2 = 0)
         then ($6::uuid[])[1 + g % 10] end
  from generate_series($2::bigint, $3::bigint) g,
    lateral (select (g * 7919 % 540) as age, (array['GDPR', 'CCPA', 'OTHER'])[1 + g % 3] as jurisdiction) a,
    lateral (select case when a.age >= 60 then g * 104729 % 200 <> 0 else g * 104729 % 5 = 0 end as closed) c,
    lateral (select case when c.closed then case when g * 31 % 100 < 60 then 'COMPLETED' when g * 31 % 100 < 75 then 'REJECTED'
                                                  when g * 31 % 100 < 85 then 'CANCELLED' else 'EXPIRED' end
                         else (array['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'])[1 + (g + g / 200) % 4] end as status,
                    timestamptz '${new Date(NOW).toISOString()}' - a.age * interval '1 day' - (g % 86400) * interval '1 second' as received) r`;

// Inserting 1,200,000 rows into a dozen indexes, most of them over random
// hashes, takes minutes; building each index once afterwards takes seconds.
// The definitions are read from the migrated database, so the indexes rebuilt
// are exactly the product's (the primary key stays: other tables refer to it).
interface IndexDefinition {
  name: string;
  definition: string;
  constraint: string | null;
}
const { rows: indexes } = await ownerPool.query<IndexDefinition>(`
  select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition,
    (select pg_get_constraintdef(c.oid) from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid) as constraint
  from pg_index i where i.indrelid = 'deletion_request'::regclass and not i.indisprimary`);

log(`generating ${REQUESTS} requests for acme and ${OTHER_REQUESTS} for globex`);
const started = performance.now();
const client = await ownerPool.connect();
try {
  for (const index of indexes) {
    await client.query(index.constraint ? `alter table deletion_request drop constraint ${index.name}` : `drop index ${index.name}`);
  }
  // Nor does the load check each row's foreign keys (three lookups a row): every id it writes was just read from
  // the database. The table has no triggers of its own that this would skip.
  await client.query(`set session_replication_role = replica`);
  for (let from = 1; from <= REQUESTS; from += 250_000) {
    await client.query(GENERATE, [acme.id, from, Math.min(REQUESTS, from + 249_999), '2026', acme.email_hash_salt, officers]);
  }
  await client.query(GENERATE, [globex.id, 1, OTHER_REQUESTS, '2025', globex.email_hash_salt, officers]);
  log(`inserted in ${((performance.now() - started) / 1000).toFixed(1)} s; building the indexes`);
  await client.query(`set session_replication_role = default`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  for (const index of indexes) {
    await client.query(
      index.constraint ? `alter table deletion_request add constraint ${index.name} ${index.constraint}` : index.definition,
    );
  }
  await client.query('vacuum analyze deletion_request');
} finally {
  client.release();
}
const closed = await ownerPool.query<{ share: string }>(
  `select round(100.0 * count(*) filter (where closed_at is not null) / count(*), 1) as share from deletion_request`,
);
const generationSeconds = round((performance.now() - started) / 1000);
log(`generated in ${generationSeconds} s, ${closed.rows[0]?.share} % closed`);

const server = await startServer(database.url);
const QUEUE = `query ($organization: String!, $filter: DeletionRequestFilter, $after: String) {
  deletionRequests(organization: $organization, filter: $filter, first: 20, after: $after) {
    edges { cursor node { id reference status jurisdiction receivedAt dueAt daysLeft overdue email assignee { id name } duplicateOf { id reference } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTS = 'query ($organization: String!) { deletionRequestCounts(organization: $organization) { status count } }';
const COUNTS_SCENARIO = 'counts per status (beside every dashboard page)';
const inSevenDays = new Date(NOW + 7 * 86_400_000).toISOString();
const anyRequest = () => 1 + Math.floor(Math.random() * REQUESTS);
const cursors: string[] = [];
const OPEN: DeletionRequestStatus[] = ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'];
const SCENARIOS: Record<string, () => Record<string, unknown>> = {
  'whole queue, first page': () => ({}),
  'open: verified or in progress': () => ({ filter: { status: ['VERIFIED', 'IN_PROGRESS'] } }),
  'open: on hold': () => ({ filter: { status: ['ON_HOLD'] } }),
  overdue: () => ({ filter: { overdue: true } }),
  'due within 7 days': () => ({ filter: { dueBefore: inSevenDays } }),
  'unassigned and open': () => ({ filter: { unassigned: true, status: OPEN } }),
  'unassigned (any status, the dashboard\'s "Nobody")': () => ({ filter: { unassigned: true } }),
  'assignee, open': () => ({ filter: { assignee: officers[Math.floor(Math.random() * officers.length)], status: OPEN } }),
  'jurisdiction CCPA': () => ({ filter: { jurisdiction: 'CCPA' } }),
  'search by email': () => ({ filter: { q: `person${anyRequest()}@example.com` } }),
  'deep page (a cursor from the middle)': () => ({ after: cursors[Math.floor(Math.random() * cursors.length)] }),
};

async function post(body: unknown): Promise<{ elapsed: number; json: Record<string, unknown> }> {
  const begun = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-graphql-csrf': '1' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { elapsed: performance.now() - begun, json };
}

async function queue(variables: Record<string, unknown>): Promise<number> {
  const { elapsed, json } = await post({ query: QUEUE, variables: { organization: 'acme', ...variables } });
  if (json.errors || !json.data) throw new Error(`query failed: ${JSON.stringify(json.errors)}`);
  return elapsed;
}

type Latency = { p50Ms: number; p95Ms: number; p99Ms: number };

async function timed(samples: number, run: () => Promise<number>): Promise<Latency> {
  const times: number[] = [];
  for (let index = 0; index < samples; index++) times.push(await run());
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)) };
}

/** Every scenario over HTTP, beside the bare request's time in the same phase. */
async function measure(samples: number) {
  const baseline = await timed(samples, async () => (await post({ query: '{ __typename }' })).elapsed);
  log(`baseline { __typename }: ${JSON.stringify(baseline)}`);
  const latencies: Record<string, Latency> = {};
  for (const [name, variables] of Object.entries(SCENARIOS)) {
    latencies[name] = await timed(samples, () => queue(variables()));
    log(`${name}: ${JSON.stringify(latencies[name])}`);
  }
  // The dashboard asks for the counts per status with every queue page it loads.
  // Counting walks every request of the organization: seconds at 1,000,000, so fewer samples.
  latencies[COUNTS_SCENARIO] = await timed(Math.min(samples, 20), async () => {
    const { elapsed, json } = await post({ query: COUNTS, variables: { organization: 'acme' } });
    if (json.errors || !json.data) throw new Error(`query failed: ${JSON.stringify(json.errors)}`);
    return elapsed;
  });
  log(`${COUNTS_SCENARIO}: ${JSON.stringify(latencies[COUNTS_SCENARIO])}`);
  // How many times slower than the bare request, at the median: the figure to compare across runs.
  const ratioToBaselineP50 = Object.fromEntries(
    Object.entries(latencies).map(([name, latency]) => [name, round(latency.p50Ms / baseline.p50Ms)]),
  );
  return { samplesPerScenario: samples, baseline, latencies, ratioToBaselineP50, plans: await plans() };
}

// The repository's own query of each working view, as PostgreSQL runs it: which indexes, how long, how many pages.
const PLANNED: Record<string, QueueFilter> = {
  'open: verified or in progress': { statuses: ['VERIFIED', 'IN_PROGRESS'] },
  overdue: { overdue: true },
  'due within 7 days': { dueBefore: new Date(inSevenDays) },
  'unassigned and open': { unassigned: true, statuses: OPEN },
  'assignee, open': { assigneeId: officers[0] ?? null, statuses: OPEN },
};

async function plans() {
  const planned: Record<string, { executionMs: number; indexes: string[]; sharedBuffers: number }> = {};
  for (const [name, filter] of Object.entries(PLANNED)) {
    const compiled = queuePageQuery(db, acme.id, filter, { first: 20, after: null }, new Date(NOW)).compile();
    const { rows } = await ownerPool.query(`explain (analyze, buffers, format json) ${compiled.sql}`, [...compiled.parameters]);
    const [explained] = rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[];
    if (!explained) throw new Error(`no plan for ${name}`);
    planned[name] = {
      executionMs: round(explained['Execution Time']),
      indexes: [...new Set(indexesIn(explained.Plan))],
      sharedBuffers: (explained.Plan['Shared Hit Blocks'] ?? 0) + (explained.Plan['Shared Read Blocks'] ?? 0),
    };
    log(`plan of ${name}: ${JSON.stringify(planned[name])}`);
  }
  return planned;
}

interface PlanNode {
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function indexesIn(plan: PlanNode): string[] {
  return [...(plan['Index Name'] ? [plan['Index Name']] : []), ...(plan.Plans ?? []).flatMap(indexesIn)];
}

let withOpenIndexes: Awaited<ReturnType<typeof measure>>;
let withoutOpenIndexes: Awaited<ReturnType<typeof measure>>;
try {
  // Cursors from the middle of the queue, as a reader who pressed "Load more" many times holds.
  let after: string | null = null;
  for (let page = 0; page < 40; page++) {
    const { json } = await post({ query: QUEUE, variables: { organization: 'acme', after } });
    const connection = (json.data as { deletionRequests: { pageInfo: { endCursor: string } } }).deletionRequests;
    after = connection.pageInfo.endCursor;
    cursors.push(after);
  }
  log('with the partial indexes of open requests');
  withOpenIndexes = await measure(SAMPLES);
  // The same data and server as the queue was before migration 2026_12_02_0500: fewer samples, since a page took seconds.
  await ownerPool.query('drop index deletion_request_open_queue, deletion_request_open_assignee_queue');
  log('without them');
  withoutOpenIndexes = await measure(SAMPLES_WITHOUT_OPEN_INDEXES);
} finally {
  await server.stop();
}

const result = {
  date: new Date().toISOString(),
  node: process.version,
  requests: REQUESTS,
  otherOrganizationRequests: OTHER_REQUESTS,
  closedPercent: Number(closed.rows[0]?.share),
  generationSeconds,
  withOpenIndexes,
  withoutOpenIndexes,
};
const file = path.join(import.meta.dirname, 'results', `deletion-queue-${result.date.slice(0, 16).replace(':', '')}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`Written to ${path.relative(ROOT, file)}`);
await staff.close();
await database.stop();

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
