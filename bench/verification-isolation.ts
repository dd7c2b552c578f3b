// Whether audit chain verification stalls public reads: the public policy
// query's latency and throughput (autocannon) alone, then while an auditor's
// token keeps asking for verifications as fast as the answers come back (one
// operation of aliased verifyAuditChain fields, and several single ones at
// once), and how those verifications were answered; between the two, how
// long one verification takes on the idle server. Only the ratios mean
// anything: this machine's absolute speed drifts.
//
// `node bench/verification-isolation.ts [repository root]` runs the server
// (and prepares the database) with another checkout's code, so the same
// harness measures the code from before a change; default: this repository.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { generateAuditEvents, percentile } from './audit-database.ts';
import { startServer } from './serve-process.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5);
const ALIASES = Number(process.env.BENCH_ALIASES ?? 10);
const SINGLE_VERIFIERS = Number(process.env.BENCH_SINGLE_VERIFIERS ?? 4);
const ROOT = path.resolve(import.meta.dirname, '..');
const TARGET = path.resolve(process.argv[2] ?? ROOT);
const ORGANIZATION = 'leenops';

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

// The product code comes from the target checkout (its migrations, sealer and
// staff helpers match its server); the types from this one, whose signatures
// these helpers share with it.
const fromTarget = <Module>(file: string): Promise<Module> => import(pathToFileURL(path.join(TARGET, file)).href) as Promise<Module>;
const { startBenchDatabase } = await fromTarget<typeof import('./audit-database.ts')>('bench/audit-database.ts');
const { createBenchStaff } = await fromTarget<typeof import('./bench-staff.ts')>('bench/bench-staff.ts');
const { sealPending } = await fromTarget<typeof import('@governance/api/audit/audit-sealer.service')>(
  'api/src/audit/audit-sealer.service.ts',
);
const { syncPolicies } = await fromTarget<typeof import('@governance/api/policies/policy-sync.service')>(
  'api/src/policies/policy-sync.service.ts',
);
const { systemClock } = await fromTarget<typeof import('@governance/api/shared/clock')>('api/src/shared/clock.ts');
const { systemPrincipal } = await fromTarget<typeof import('@governance/api/auth/principal')>('api/src/auth/principal.ts');
/** The benchmark acts as the system: it measures the work, not the permission check. */
const AS_BENCH = systemPrincipal('benchmark');
const { checkPolicies } = await fromTarget<typeof import('@governance/policies/check')>('policies/src/check.ts');

const POLICY_QUERY = `{ policy(organization: "${ORGANIZATION}", slug: "terms-of-service") { currentVersion { body sections { id } } } }`;
const VERIFY_FIELD = 'verifyAuditChain(organization: $organization) { ok eventsChecked }';
const ALIASED_VERIFY = `query ($organization: String!) { ${Array.from({ length: ALIASES }, (_, index) => `v${index}: ${VERIFY_FIELD}`).join(' ')} }`;
const SINGLE_VERIFY = `query ($organization: String!) { ${VERIFY_FIELD} }`;

const revision = execFileSync('git', ['-C', TARGET, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
log(`code of ${TARGET} at ${revision}`);

const database = await startBenchDatabase({ maxConnections: 8 });
const { db, owner, ownerPool } = database;
await syncPolicies(owner, await checkPolicies(path.join(TARGET, 'policies')), systemClock);
const organization = await db.selectFrom('organization').select('id').where('slug', '=', ORGANIZATION).executeTakeFirstOrThrow();

log(`generating and sealing ${EVENTS} events in ${ORGANIZATION}'s chain`);
const started = performance.now();
await generateAuditEvents(ownerPool, organization.id, EVENTS);
const sealed = await sealPending({ db, clock: systemClock }, AS_BENCH, { batchSize: 3000 });
await ownerPool.query('vacuum analyze audit_event');
log(`sealed ${sealed} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const staff = await createBenchStaff(db, database.url);
const auditorToken = await staff.token(organization.id, ['audit:read']);

/** The policy query under autocannon; p50 and p95 from every response's own time (autocannon's summary has no p95). */
async function load(port: number, durationSeconds = DURATION_SECONDS) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: POLICY_QUERY }),
        connections: CONNECTIONS,
        duration: durationSeconds,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(times.at(-1) ?? Number.NaN),
    responses: times.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** How the auditor's verifications were answered: one count per field answered or error returned. */
type Answers = Record<string, number>;

/** An auditor sending `query` again as soon as each answer arrives, until `signal` aborts. */
async function keepVerifying(port: number, query: string, answers: Answers, signal: AbortSignal): Promise<void> {
  const count = (key: string) => {
    answers[key] = (answers[key] ?? 0) + 1;
  };
  while (!signal.aborted) {
    let body: { data?: Record<string, { ok: boolean } | null> | null; errors?: { extensions?: { code?: string } }[] };
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auditorToken}` },
        body: JSON.stringify({ query, variables: { organization: ORGANIZATION } }),
        signal,
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      if (signal.aborted) return count('unanswered when the phase ended');
      throw error;
    }
    count('operations');
    for (const value of Object.values(body.data ?? {})) if (value) count(value.ok ? 'ok' : 'chain not ok');
    for (const error of body.errors ?? []) count(error.extensions?.code ?? 'error without code');
  }
}

/** One verification on an otherwise idle server, retried while refused (bounded): how long an auditor waits for an answer. */
async function timeOneVerification(port: number): Promise<{ seconds: number; answer: string }> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const begun = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditorToken}` },
      body: JSON.stringify({ query: SINGLE_VERIFY, variables: { organization: ORGANIZATION } }),
      signal: AbortSignal.timeout(120_000),
    });
    const body = (await response.json()) as {
      data?: { verifyAuditChain: { ok: boolean; eventsChecked: number } | null } | null;
      errors?: unknown[];
    };
    const seconds = round((performance.now() - begun) / 1000);
    const verification = body.data?.verifyAuditChain;
    if (verification) return { seconds, answer: `ok ${verification.ok}, ${verification.eventsChecked} events` };
    if (performance.now() > deadline) return { seconds, answer: JSON.stringify(body.errors) };
    await new Promise((done) => setTimeout(done, 500));
  }
}

const server = await startServer(database.url, TARGET);
try {
  log('warm-up');
  await load(server.port, 3);
  log('(a) the policy query alone');
  const alone = await load(server.port);
  log(JSON.stringify(alone));
  const oneVerification = await timeOneVerification(server.port);
  log(`one verification, nothing else running: ${JSON.stringify(oneVerification)}`);

  log(`(b) the policy query while the auditor sends ${ALIASES} aliased verifications and ${SINGLE_VERIFIERS} single ones at once`);
  const aliasedAnswers: Answers = {};
  const singleAnswers: Answers = {};
  const stopAuditor = new AbortController();
  const auditor = Promise.all([
    keepVerifying(server.port, ALIASED_VERIFY, aliasedAnswers, stopAuditor.signal),
    ...Array.from({ length: SINGLE_VERIFIERS }, () => keepVerifying(server.port, SINGLE_VERIFY, singleAnswers, stopAuditor.signal)),
  ]);
  const during = await load(server.port);
  stopAuditor.abort();
  await auditor;
  log(JSON.stringify(during));
  log(`(c) aliased operations: ${JSON.stringify(aliasedAnswers)}; single operations: ${JSON.stringify(singleAnswers)}`);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    code: { root: TARGET, revision },
    events: EVENTS,
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
    alone,
    oneVerification,
    duringVerification: during,
    verificationAnswers: {
      aliased: { aliases: ALIASES, ...aliasedAnswers },
      single: { operationsAtOnce: SINGLE_VERIFIERS, ...singleAnswers },
    },
    ratios: {
      p50: round(during.p50Ms / alone.p50Ms),
      requestsPerSecond: round(during.requestsPerSecond / alone.requestsPerSecond),
    },
  };
  const file = path.join(
    import.meta.dirname,
    'results',
    `verification-isolation-${result.date.slice(0, 16).replace(':', '')}-${revision}.json`,
  );
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log('| code | phase | p50 ms | p95 ms | req/s |\n| --- | --- | --- | --- | --- |');
  for (const [phase, figures] of [
    ['alone', alone],
    ['during verification', during],
  ] as const)
    console.log(`| ${revision} | ${phase} | ${figures.p50Ms} | ${figures.p95Ms} | ${figures.requestsPerSecond} |`);
  console.log(
    `\nRatios during/alone: p50 ${result.ratios.p50}, req/s ${result.ratios.requestsPerSecond}. Written to ${path.relative(ROOT, file)}`,
  );
} finally {
  await server.stop();
  await staff.close();
  await database.stop();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
