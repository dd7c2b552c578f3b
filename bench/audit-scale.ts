// The audit trail at 1,000,000 events in one organization's chain:
// - p95 latency of a filtered auditEvents page of 50 through GraphQL, over
//   HTTP, against the real server in its own process (target < 20 ms);
// - the time to verify the whole chain (target < 10 s).
// The events are generated in SQL into the pending queue and sealed by the
// real sealer in large batches, so the chain is exactly what production makes.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { verifyChainInParallel } from '@governance/api/audit/audit-verify-parallel';
import { systemPrincipal } from '@governance/api/auth/principal';
import { systemClock } from '@governance/api/shared/clock';
import { generateAuditEvents, percentile, startBenchDatabase } from './audit-database.ts';
import { createBenchStaff } from './bench-staff.ts';
import { startServer } from './serve-process.ts';

/** The benchmark acts as the system: it measures the work, not the permission check. */
const AS_BENCH = systemPrincipal('benchmark');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const OTHER_EVENTS = Math.round(EVENTS / 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ROOT = path.resolve(import.meta.dirname, '..');

const database = await startBenchDatabase({ maxConnections: 8 });
const { db, ownerPool } = database;
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const organization = async (slug: string) =>
  (
    await db
      .insertInto('organization')
      .values({ slug, name: slug, website: null, contacts: '[]', notice_period_days: 30 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const acme = await organization('acme');
const globex = await organization('globex');

// An auditor's token.
const staff = await createBenchStaff(db, database.url);
const token = await staff.token(acme, ['audit:read']);

log(`generating ${EVENTS} events for acme and ${OTHER_EVENTS} for globex`);
let started = performance.now();
await generateAuditEvents(ownerPool, acme, EVENTS);
await generateAuditEvents(ownerPool, globex, OTHER_EVENTS);
const generateSeconds = (performance.now() - started) / 1000;

log('sealing');
started = performance.now();
const sealed = await sealPending({ db, clock: systemClock }, AS_BENCH, { batchSize: 3000 });
const sealSeconds = (performance.now() - started) / 1000;
log(`sealed ${sealed} in ${sealSeconds.toFixed(1)} s (${Math.round(sealed / sealSeconds)}/s)`);
// What autovacuum would have done by now on a live system.
await ownerPool.query('vacuum analyze audit_event');
await ownerPool.query('vacuum analyze audit_event_pending');

log('verifying the whole chain, on one thread (as verifyAuditChain does) and on every core (as pnpm cli audit:verify does)');
started = performance.now();
const verification = await verifyChain({ db }, AS_BENCH, acme, { keys: new Map() });
const verifySeconds = (performance.now() - started) / 1000;
log(`one thread: ${verification.eventsChecked} events in ${verifySeconds.toFixed(2)} s: ${JSON.stringify(verification)}`);
if (!verification.ok || verification.eventsChecked < EVENTS) throw new Error('the generated chain does not verify');
started = performance.now();
const parallelVerification = await verifyChainInParallel({ db }, AS_BENCH, acme, { url: database.url, keys: new Map() });
const parallelVerifySeconds = (performance.now() - started) / 1000;
log(`every core: ${parallelVerification.eventsChecked} events in ${parallelVerifySeconds.toFixed(2)} s`);
if (!parallelVerification.ok || parallelVerification.eventsChecked !== verification.eventsChecked)
  throw new Error('the parallel verification disagrees');

const server = await startServer(database.url);
const QUERY = `query ($organization: String!, $filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(organization: $organization, filter: $filter, first: $first, after: $after) {
    edges { cursor node { seq occurredAt action actor { type id label } target { type id } requestId ip userAgent metadata prevHash hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const randomSeq = () => String(1 + Math.floor(Math.random() * EVENTS));
const SCENARIOS: Record<string, () => Record<string, unknown>> = {
  newest: () => ({}),
  'action prefix "policy" (45 %)': () => ({ filter: { action: 'policy' } }),
  'exact action auth.login.failed (5 %)': () => ({ filter: { action: 'auth.login.failed' } }),
  'rare action deletion_request (0.1 %)': () => ({ filter: { action: 'deletion_request' } }),
  'actor (0.5 %)': () => ({ filter: { actorId: `actor-${Math.floor(Math.random() * 200)}` } }),
  'target type + id (0.02 %)': () => ({ filter: { targetType: 'Policy', targetId: `target-${Math.floor(Math.random() * 5000)}` } }),
  'one day': () => {
    const day = new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(Math.random() * 300) * 86_400_000);
    return { filter: { from: day.toISOString(), to: new Date(day.getTime() + 86_400_000).toISOString() } };
  },
  'deep page, random cursor': () => ({ after: randomSeq() }),
  'deep page, action prefix + actor': () => ({
    after: randomSeq(),
    filter: { action: 'policy', actorId: `actor-${Math.floor(Math.random() * 200)}` },
  }),
  'action prefix + one month': () => {
    const month = Math.floor(Math.random() * 10);
    return {
      filter: {
        action: 'retention',
        from: `2025-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`,
        to: `2025-${String(month + 2).padStart(2, '0')}-01T00:00:00Z`,
      },
    };
  },
};

async function request(variables: Record<string, unknown>): Promise<number> {
  const begun = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { organization: 'acme', first: 50, ...variables } }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: { auditEvents: { edges: unknown[] } } };
  const elapsed = performance.now() - begun;
  if (body.errors || !body.data) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return elapsed;
}

const latencies: Record<string, { p50Ms: number; p95Ms: number; p99Ms: number }> = {};
const all: number[] = [];
try {
  for (let warm = 0; warm < 50; warm++) await request((Object.values(SCENARIOS)[warm % 10] as () => Record<string, unknown>)());
  for (const [name, variables] of Object.entries(SCENARIOS)) {
    const times: number[] = [];
    for (let index = 0; index < REQUESTS; index++) times.push(await request(variables()));
    times.sort((a, b) => a - b);
    all.push(...times);
    latencies[name] = { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)) };
    log(`${name}: ${JSON.stringify(latencies[name])}`);
  }
} finally {
  await server.stop();
}
all.sort((a, b) => a - b);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  events: EVENTS,
  otherOrganizationEvents: OTHER_EVENTS,
  generateSeconds: round(generateSeconds),
  sealSeconds: round(sealSeconds),
  sealPerSecond: Math.round(sealed / sealSeconds),
  verifySeconds: round(verifySeconds),
  parallelVerifySeconds: round(parallelVerifySeconds),
  cores: availableParallelism(),
  requestsPerScenario: REQUESTS,
  overall: { p50Ms: round(percentile(all, 50)), p95Ms: round(percentile(all, 95)), p99Ms: round(percentile(all, 99)) },
  latencies,
};
const file = path.join(import.meta.dirname, 'results', `audit-scale-${result.date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`Written to ${path.relative(ROOT, file)}`);
await staff.close();
await database.stop();

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The real server (bench/serve.ts) in its own process, its key and data in a temporary directory. */
