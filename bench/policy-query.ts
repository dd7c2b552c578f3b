// pnpm bench: the public policy query, side by side in one run, each target
// in its own process on the same database:
// - bare: a node:http server sending the cached answer's bytes (the limit);
// - postgraphile: PostGraphile 5 answering the closest query its generated
//   schema allows (the peer);
// - uncached: the product with its public read cache off (every request
//   through Yoga);
// - cached: the product answering a repeated GET from its cache;
// - revalidated: the same GET with If-None-Match, answered 304.
// Targets are loaded in rounds, one at a time, the order rotated every round,
// so a machine that gets busier or quieter skews no target more than
// another; the medians over the rounds are reported. Only ratios within a
// run mean anything: this machine's absolute speed drifts. Beside
// requests/s, each target's requests per CPU-second (its server process,
// and every PostgreSQL process for the targets whose requests read the
// database, from /proc) says what a request costs whatever share of a busy
// machine the target was given.
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { createDb, migrateToLatest, startEmbeddedPostgres } from '@governance/db';
import { checkPolicies } from '@governance/policies/check';
import autocannon from 'autocannon';
import { cpuSecondsBetween, cpuSnapshot, postgresProcesses } from './cpu-time.ts';
import { type RunningServer, startListening, startServer } from './serve-process.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROOT = path.resolve(import.meta.dirname, '..');
const CSRF = { 'x-graphql-csrf': '1' };
/** As deployed: graphql-js skips its development checks (cross-realm instanceof) only in production. */
const PRODUCTION = { NODE_ENV: 'production' };

/** The product's public policy query: a 5.7 KB answer. */
const POLICY_QUERY =
  process.env.BENCH_QUERY ?? '{ policy(organization: "leenops", slug: "terms-of-service") { currentVersion { body sections { id } } } }';

/**
 * The same read in PostGraphile's generated schema: the policy by its
 * organization's slug and its own, and its newest version's body and
 * sections (a jsonb column there, so whole; PostGraphile has no notion of a
 * version not yet in force, which the shipped data does not have).
 */
const POSTGRAPHILE_QUERY = `{ organizationBySlug(slug: "leenops") { policiesByOrganizationId(condition: { slug: "terms-of-service" }) {
  nodes { policyVersionsByPolicyId(first: 1, orderBy: EFFECTIVE_AT_DESC) { nodes { body sections } } } } } }`;

async function prepareDatabase(): Promise<{ url: string; dataDir: string; stop: () => Promise<void> }> {
  const parent = await mkdtemp(path.join(tmpdir(), 'governance-bench-'));
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'postgres');
  const postgres = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  const url = await postgres.ensureDatabase('bench');
  const db = createDb(url);
  await migrateToLatest(db);
  await syncPolicies(db, await checkPolicies(path.join(ROOT, 'policies')), systemClock);
  await db.destroy();
  return { url, dataDir, stop: postgres.stop };
}

interface Target {
  name: string;
  /** What a reader of the table needs to know about it. */
  description: string;
  /** Its server's process id. */
  pid: number;
  /** Whether its requests read the database, so PostgreSQL's CPU time counts as theirs. */
  readsDatabase: boolean;
  request: { port: number; method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string; status: number };
}

async function load(target: Target, seconds: number) {
  const { port, method, headers, body, status } = target.request;
  const processesNow = () => [target.pid, ...(target.readsDatabase ? postgresProcesses(database.dataDir) : [])];
  const before = cpuSnapshot(processesNow());
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${target.request.path}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  const unexpected = result.errors + (status === 304 ? result['2xx'] : result.non2xx) + result.timeouts;
  if (unexpected > 0) throw new Error(`${target.name}: ${result.errors} errors, ${result.timeouts} timeouts, unexpected statuses`);
  const cpuSeconds = cpuSecondsBetween(before, cpuSnapshot([...before.keys(), ...processesNow()]));
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerCpuSecond: Math.round(result.requests.total / cpuSeconds),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const database = await prepareDatabase();
const servers: RunningServer[] = [];
try {
  const cached = await startServer(database.url, ROOT, PRODUCTION);
  servers.push(cached);
  const uncached = await startServer(database.url, ROOT, { ...PRODUCTION, BENCH_PUBLIC_READ_CACHE: 'off' });
  servers.push(uncached);
  const postgraphile = await startListening(path.join(import.meta.dirname, 'postgraphile-serve.ts'), ROOT, {
    ...PRODUCTION,
    DATABASE_URL: database.url,
    GRAPHILE_ENV: 'production',
  });
  servers.push(postgraphile);

  const getPath = `/graphql?${new URLSearchParams({ query: POLICY_QUERY })}`;
  const first = await fetch(`http://127.0.0.1:${cached.port}${getPath}`, { headers: CSRF });
  const answer = await first.text();
  const etag = first.headers.get('etag');
  if (first.status !== 200 || !etag) throw new Error(`the product's GET answer is not cacheable: ${first.status} ${answer.slice(0, 200)}`);
  const answerFile = path.join(await mkdtemp(path.join(tmpdir(), 'bench-answer-')), 'answer.json');
  // Every header the product sent (security headers included), so the bare server's bytes on the wire are the same.
  const perConnection = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const headers = Object.fromEntries([...first.headers].filter(([name]) => !perConnection.has(name)));
  await writeFile(answerFile, JSON.stringify({ headers, body: answer }));
  const bare = await startListening(path.join(import.meta.dirname, 'bare-serve.ts'), ROOT, {
    ...PRODUCTION,
    BENCH_BARE_ANSWER: answerFile,
  });
  servers.push(bare);

  // The peer must answer the same text, or the comparison means nothing.
  const peerAnswer = await fetch(`http://127.0.0.1:${postgraphile.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: POSTGRAPHILE_QUERY }),
  });
  const peerText = await peerAnswer.text();
  const body = (JSON.parse(answer) as { data: { policy: { currentVersion: { body: string } } } }).data.policy.currentVersion.body;
  if (!peerText.includes(JSON.stringify(body).slice(1, -1)))
    throw new Error(`PostGraphile answered another text: ${peerText.slice(0, 300)}`);

  const postBody = JSON.stringify({ query: POLICY_QUERY });
  const json = { 'content-type': 'application/json' };
  const targets: Target[] = [
    {
      name: 'bare node:http',
      pid: bare.pid,
      readsDatabase: false,
      description: "the cached answer's bytes and headers, nothing else",
      request: { port: bare.port, method: 'GET', path: getPath, headers: CSRF, status: 200 },
    },
    {
      name: 'PostGraphile 5',
      pid: postgraphile.pid,
      readsDatabase: true,
      description: 'POST, the equivalent query',
      request: {
        port: postgraphile.port,
        method: 'POST',
        path: '/graphql',
        headers: json,
        body: JSON.stringify({ query: POSTGRAPHILE_QUERY }),
        status: 200,
      },
    },
    {
      name: 'product, uncached',
      pid: uncached.pid,
      readsDatabase: true,
      description: 'POST, public read cache off',
      request: { port: uncached.port, method: 'POST', path: '/graphql', headers: json, body: postBody, status: 200 },
    },
    {
      name: 'product, cached',
      pid: cached.pid,
      readsDatabase: false,
      description: 'GET, answered from the cache',
      request: { port: cached.port, method: 'GET', path: getPath, headers: CSRF, status: 200 },
    },
    {
      name: 'product, 304',
      pid: cached.pid,
      readsDatabase: false,
      description: 'GET with If-None-Match',
      request: { port: cached.port, method: 'GET', path: getPath, headers: { ...CSRF, 'if-none-match': etag }, status: 304 },
    },
  ];

  for (const target of targets) await load(target, WARM_UP_SECONDS); // JIT, connection pools, caches
  const runs = new Map(targets.map((target) => [target.name, [] as Awaited<ReturnType<typeof load>>[]]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, index) => targets[(index + round) % targets.length] as Target);
    for (const target of order) {
      const result = await load(target, DURATION_SECONDS);
      runs.get(target.name)?.push(result);
      console.error(
        `round ${round + 1}: ${target.name} ${result.requestsPerSecond.toFixed(0)} req/s, ${result.requestsPerCpuSecond} per CPU-second`,
      );
    }
  }
  const summary = targets.map((target) => {
    const of = runs.get(target.name) ?? [];
    return {
      name: target.name,
      description: target.description,
      requestsPerSecond: median(of.map((run) => run.requestsPerSecond)),
      p50Ms: median(of.map((run) => run.p50Ms)),
      p99Ms: median(of.map((run) => run.p99Ms)),
      requestsPerCpuSecond: median(of.map((run) => run.requestsPerCpuSecond)),
      rounds: of,
    };
  });
  const rate = (name: string) => summary.find((entry) => entry.name === name)?.requestsPerSecond ?? Number.NaN;
  const perCpu = (name: string) => summary.find((entry) => entry.name === name)?.requestsPerCpuSecond ?? Number.NaN;
  const ratiosOf = (of: (name: string) => number) => ({
    cachedToBare: of('product, cached') / of('bare node:http'),
    revalidatedToBare: of('product, 304') / of('bare node:http'),
    uncachedToPostGraphile: of('product, uncached') / of('PostGraphile 5'),
  });
  const ratios = ratiosOf(rate);
  const cpuRatios = ratiosOf(perCpu);
  const rounded = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Number(value.toFixed(3))]));
  const date = new Date().toISOString();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const result = {
    date,
    commit,
    node: process.version,
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
    rounds: ROUNDS,
    query: POLICY_QUERY,
    peerQuery: POSTGRAPHILE_QUERY,
    answerBytes: Buffer.byteLength(answer),
    targets: summary,
    ratios: rounded(ratios),
    requestsPerCpuSecondRatios: rounded(cpuRatios),
  };
  const file = path.join(import.meta.dirname, 'results', `policy-query-${date.slice(0, 16).replace(':', '')}-${commit}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log('| target | requests/s | p50 ms | p99 ms | requests per CPU-second |\n| --- | --- | --- | --- | --- |');
  for (const entry of summary) {
    const figures = [entry.requestsPerSecond.toFixed(0), entry.p50Ms, entry.p99Ms, entry.requestsPerCpuSecond.toFixed(0)];
    console.log(`| ${entry.name} (${entry.description}) | ${figures.join(' | ')} |`);
  }
  console.log(
    `\ncached / bare ${ratios.cachedToBare.toFixed(2)}, 304 / bare ${ratios.revalidatedToBare.toFixed(2)} (targets ≥ 0.5); ` +
      `uncached / PostGraphile ${ratios.uncachedToPostGraphile.toFixed(2)} (target ≥ 1.5).\n` +
      `Per CPU-second: cached / bare ${cpuRatios.cachedToBare.toFixed(2)}, 304 / bare ${cpuRatios.revalidatedToBare.toFixed(2)}, ` +
      `uncached / PostGraphile ${cpuRatios.uncachedToPostGraphile.toFixed(2)}. Written to ${path.relative(ROOT, file)}`,
  );
} finally {
  for (const server of servers.reverse()) await server.stop();
  await database.stop();
}
