// The deletion-request queue at scale: 100,000 requests in one organization
// (and 20,000 in another), read through GraphQL over HTTP against the real
// server in its own process, one filter at a time. Quoted as latency
// percentiles and as a ratio to a bare `{ __typename }` on the same server in
// the same run, since this machine's absolute speed drifts. The requests are
// generated in SQL with the shapes the product writes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { percentile, startBenchDatabase } from './audit-database.ts';
import { createBenchStaff } from './bench-staff.ts';
import { startServer } from './serve-process.ts';

const REQUESTS = Number(process.env.BENCH_DELETION_REQUESTS ?? 100_000);
const OTHER_REQUESTS = Math.round(REQUESTS / 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
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

// Received over the 18 months before NOW; 70 % closed; the rest spread over the open statuses; 60 % assigned.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GENERATE = `
  insert into deletion_request (organization_id, reference, idempotency_key, input_hash, email, name, email_hash, jurisdiction, status,
    verification_token_hash, status_token_hash, received_at, due_at, closed_at, assignee_id)
  select $1::uuid,
    'DR-' || $4 || '-' || (select string_agg(substr('${ALPHABET}', ((g / (32 ^ p)::bigint) % 32)::int + 1, 1), '' order by p desc) from generate_series(0, 4) p),
    'bench-key-' || g, md5('i' || g) || md5('j' || g), 'person' || g || '@example.com', 'Person ' || g,
    encode(sha256(convert_to($5 || ':person' || g || '@example.com', 'UTF8')), 'hex'),
    (array['GDPR', 'CCPA', 'OTHER'])[1 + g % 3],
    case when g % 10 < 7 then (array['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'])[1 + g % 4]
         else (array['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'])[1 + (g / 10) % 4] end,
    md5('v' || $4 || g) || md5('w' || $4 || g), md5('s' || $4 || g) || md5('t' || $4 || g),
    received, received + interval '30 days',
    case when g % 10 < 7 then received + interval '20 days' end,
    case when g % 5 < 3 then ($6::uuid[])[1 + g % 10] end
  from generate_series($2::bigint, $3::bigint) g,
    lateral (select timestamptz '${new Date(NOW).toISOString()}' - (g * 7919 % 540) * interval '1 day' - (g % 86400) * interval '1 second' as received) r`;

log(`generating ${REQUESTS} requests for acme and ${OTHER_REQUESTS} for globex`);
const started = performance.now();
for (let from = 1; from <= REQUESTS; from += 50_000) {
  await ownerPool.query(GENERATE, [acme.id, from, Math.min(REQUESTS, from + 49_999), '2026', acme.email_hash_salt, officers]);
}
await ownerPool.query(GENERATE, [globex.id, 1, OTHER_REQUESTS, '2025', globex.email_hash_salt, officers]);
await ownerPool.query('vacuum analyze deletion_request');
log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server = await startServer(database.url);
const QUEUE = `query ($organization: String!, $filter: DeletionRequestFilter, $after: String) {
  deletionRequests(organization: $organization, filter: $filter, first: 20, after: $after) {
    edges { cursor node { id reference status jurisdiction receivedAt dueAt daysLeft overdue email assignee { id name } duplicateOf { id reference } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const inSevenDays = new Date(NOW + 7 * 86_400_000).toISOString();
const anyRequest = () => 1 + Math.floor(Math.random() * REQUESTS);
const cursors: string[] = [];
const SCENARIOS: Record<string, () => Record<string, unknown>> = {
  'whole queue, first page': () => ({}),
  'open statuses (30 %)': () => ({ filter: { status: ['VERIFIED', 'IN_PROGRESS'] } }),
  'overdue (open and past due)': () => ({ filter: { overdue: true } }),
  'due within 7 days': () => ({ filter: { dueBefore: inSevenDays } }),
  'jurisdiction CCPA': () => ({ filter: { jurisdiction: 'CCPA' } }),
  'assignee (6 %)': () => ({ filter: { assignee: officers[Math.floor(Math.random() * officers.length)] } }),
  'unassigned and open': () => ({ filter: { unassigned: true, status: ['UNVERIFIED', 'VERIFIED', 'IN_PROGRESS', 'ON_HOLD'] } }),
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

const latencies: Record<string, { p50Ms: number; p95Ms: number; p99Ms: number }> = {};
let baseline: { p50Ms: number; p95Ms: number };
try {
  // Cursors from the middle of the queue, as a reader who pressed "Load more" many times holds.
  let after: string | null = null;
  for (let page = 0; page < 40; page++) {
    const { json } = await post({ query: QUEUE, variables: { organization: 'acme', after } });
    const connection = (json.data as { deletionRequests: { pageInfo: { endCursor: string } } }).deletionRequests;
    after = connection.pageInfo.endCursor;
    cursors.push(after);
  }
  const bare: number[] = [];
  for (let index = 0; index < SAMPLES; index++) bare.push((await post({ query: '{ __typename }' })).elapsed);
  bare.sort((a, b) => a - b);
  baseline = { p50Ms: round(percentile(bare, 50)), p95Ms: round(percentile(bare, 95)) };
  log(`baseline { __typename }: ${JSON.stringify(baseline)}`);
  for (const [name, variables] of Object.entries(SCENARIOS)) {
    const times: number[] = [];
    for (let index = 0; index < SAMPLES; index++) times.push(await queue(variables()));
    times.sort((a, b) => a - b);
    latencies[name] = { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)) };
    log(`${name}: ${JSON.stringify(latencies[name])}`);
  }
} finally {
  await server.stop();
}

const result = {
  date: new Date().toISOString(),
  node: process.version,
  requests: REQUESTS,
  otherOrganizationRequests: OTHER_REQUESTS,
  samplesPerScenario: SAMPLES,
  baseline,
  latencies,
  // How many times slower than the bare request, at the median: the figure to compare across runs.
  ratioToBaselineP50: Object.fromEntries(Object.entries(latencies).map(([name, latency]) => [name, round(latency.p50Ms / baseline.p50Ms)])),
};
const file = path.join(import.meta.dirname, 'results', `deletion-queue-${result.date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`Written to ${path.relative(ROOT, file)}`);
await staff.close();
await database.stop();

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
