// pnpm bench: requests/s and p99 latency of a policy query against the same
// Yoga stack answering `{ __typename }`, measured in one run. Only the ratio
// means anything: this machine's absolute speed drifts.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { createDb, migrateToLatest, startEmbeddedPostgres } from '@governance/db';
import { checkPolicies } from '@governance/policies/check';
import autocannon from 'autocannon';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROOT = path.resolve(import.meta.dirname, '..');

const QUERIES = {
  baseline: '{ __typename }',
  policy: '{ policy(organization: "leenops", slug: "terms-of-service") { currentVersion { body sections { id } } } }',
};

async function prepareDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const parent = await mkdtemp(path.join(tmpdir(), 'governance-bench-'));
  await chmod(parent, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(parent, 'postgres'), ephemeral: true });
  const url = await postgres.ensureDatabase('bench');
  const db = createDb(url);
  await migrateToLatest(db);
  await syncPolicies(db, await checkPolicies(path.join(ROOT, 'policies')), systemClock);
  await db.destroy();
  return { url, stop: postgres.stop };
}

function startServer(databaseUrl: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      path.join(import.meta.dirname, 'serve.ts'),
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  return new Promise((resolve, reject) => {
    child.stderr.pipe(process.stderr);
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(String(chunk))?.[1];
      if (port) resolve({ port: Number(port), stop: () => stopChild() });
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // The server must be gone before its database is stopped under it.
    const stopChild = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function load(port: number, query: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors for ${query}`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
}

const database = await prepareDatabase();
if (process.env.BENCH_QUERY) {
  // Ad-hoc: measure one query against the baseline, to see where the time goes.
  QUERIES.policy = process.env.BENCH_QUERY;
}
const server = await startServer(database.url);
try {
  await load(server.port, QUERIES.policy); // warm-up: JIT, connection pool, caches
  const baseline = await load(server.port, QUERIES.baseline);
  const policy = await load(server.port, QUERIES.policy);
  const ratio = policy.requestsPerSecond / baseline.requestsPerSecond;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
    baseline,
    policy,
    throughputRatio: Number(ratio.toFixed(3)),
  };
  const file = path.join(import.meta.dirname, 'results', `policy-query-${result.date.slice(0, 10)}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`| query | requests/s | p99 ms |\n|---|---|---|`);
  console.log(`| { __typename } (baseline) | ${baseline.requestsPerSecond.toFixed(0)} | ${baseline.p99Ms} |`);
  console.log(`| policy currentVersion { body sections { id } } | ${policy.requestsPerSecond.toFixed(0)} | ${policy.p99Ms} |`);
  console.log(`\nThroughput ratio policy/baseline: ${ratio.toFixed(2)} (target ≥ 0.5). Written to ${path.relative(ROOT, file)}`);
} finally {
  await server.stop();
  await database.stop();
}
