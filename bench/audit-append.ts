// Append throughput of the audit trail with 32 concurrent writers, each event
// in its own transaction: chained (recordAuditEvent, with the sealer running
// as in the API) against plain INSERTs of the same rows into an unchained
// table of the same shape (bench.audit_event_pending), in one run,
// alternating. Reports the ratio (target ≥ 0.5) and how long events wait to
// be sealed. Only ratios mean anything: this machine's speed drifts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import type { AuditEventInput } from '@governance/api/audit/models';
import { formatAuditTimestamp } from '@governance/api/audit/timestamp';
import { AUDIT_PENDING_CHANNEL, startAuditSealer } from '@governance/api/jobs/audit-sealer';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { percentile, startBenchDatabase } from './audit-database.ts';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 32);
const EVENTS_PER_RUN = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** poll: the sealer's 200 ms interval only; notify: writers also pg_notify at commit. */
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'poll,notify').split(',');
const ROOT = path.resolve(import.meta.dirname, '..');

const database = await startBenchDatabase({ maxConnections: WRITERS + 4 });
const { db, ownerPool } = database;
const logger = createLogger('warn');

await ownerPool.query('create schema bench');
await ownerPool.query('create table bench.audit_event_pending (like public.audit_event_pending including all)');
await ownerPool.query('grant usage on schema bench to governance_app');
await ownerPool.query('grant select, insert on bench.audit_event_pending to governance_app');
const organizationIds: string[] = [];
for (const slug of ['acme', 'globex', 'initech', 'umbrella']) {
  const row = await db
    .insertInto('organization')
    .values({ slug, name: slug, website: null, contacts: '[]', notice_period_days: 30 })
    .returning('id')
    .executeTakeFirstOrThrow();
  organizationIds.push(row.id);
}

function eventFor(index: number): AuditEventInput {
  return {
    organizationId: organizationIds[index % organizationIds.length] ?? null,
    actor: { type: 'USER', id: `user-${index % 50}`, label: `user${index % 50}@example.com` },
    action: index % 3 === 0 ? 'policy.version_published' : 'auth.login_succeeded',
    target: { type: 'Policy', id: `policy-${index % 200}` },
    request: { requestId: `req-${index}`, ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (bench)' },
    metadata: { index, note: 'benchmark event', version: '1.0' },
    occurredAt: new Date(),
  };
}

/** Runs `write` for EVENTS_PER_RUN events, WRITERS at a time; returns seconds. */
async function drive(write: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < EVENTS_PER_RUN) await write(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** The same row, the same transaction shape, no chain. */
function plainRun(): Promise<number> {
  return drive((index) =>
    db.transaction().execute(async (trx) => {
      const event = eventFor(index);
      await trx
        .withSchema('bench')
        .insertInto('audit_event_pending')
        .values({
          organization_id: event.organizationId,
          occurred_at: formatAuditTimestamp(event.occurredAt),
          actor_type: event.actor.type,
          actor_id: event.actor.id,
          actor_label: event.actor.label,
          action: event.action,
          target_type: event.target?.type ?? null,
          target_id: event.target?.id ?? null,
          request_id: event.request?.requestId ?? null,
          ip: event.request?.ip ?? null,
          user_agent: event.request?.userAgent ?? null,
          // Already in canonical key order.
          metadata: JSON.stringify(event.metadata),
        })
        .execute();
    }),
  );
}

async function pending(): Promise<number> {
  return Number((await ownerPool.query<{ n: string }>('select count(*) as n from audit_event_pending')).rows[0]?.n ?? 0);
}

async function chainedRun(notify: boolean): Promise<{ seconds: number; drainSeconds: number; maxPending: number }> {
  const sealer = await startAuditSealer({ db, clock: systemClock, logger, ...(notify ? { databaseUrl: database.url } : {}) });
  let maxPending = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxPending = Math.max(maxPending, await pending());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const seconds = await drive((index) =>
    db.transaction().execute(async (trx) => {
      await recordAuditEvent(trx, eventFor(index));
      if (notify) await trx.selectNoFrom((eb) => eb.fn('pg_notify', [eb.val(AUDIT_PENDING_CHANNEL), eb.val('')]).as('notified')).execute();
    }),
  );
  const drainStarted = performance.now();
  await sealer.drain();
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  sampling = false;
  await sampler;
  await sealer.close();
  return { seconds, drainSeconds, maxPending };
}

/** From the event's time (taken just before its transaction) to its sealing. */
async function sealLag(since: Date) {
  const { rows } = await ownerPool.query<{ ms: string }>(
    'select extract(epoch from (sealed_at - occurred_at::timestamptz)) * 1000 as ms from audit_event where sealed_at >= $1',
    [since],
  );
  const lags = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  return { p50Ms: Math.round(percentile(lags, 50)), p95Ms: Math.round(percentile(lags, 95)), maxMs: Math.round(percentile(lags, 100)) };
}

const rounds: Record<string, unknown>[] = [];
// Warm-up: JIT, pools, table files.
await plainRun();
await chainedRun(false);
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const plainSeconds = await plainRun();
    const plainRate = EVENTS_PER_RUN / plainSeconds;
    const since = new Date();
    const chained = await chainedRun(variant === 'notify');
    const chainedRate = EVENTS_PER_RUN / chained.seconds;
    const result = {
      round: round + 1,
      variant,
      plainPerSecond: Math.round(plainRate),
      chainedPerSecond: Math.round(chainedRate),
      ratio: Number((chainedRate / plainRate).toFixed(3)),
      // Everything sealed, counted from the first write.
      sealedPerSecond: Math.round(EVENTS_PER_RUN / (chained.seconds + chained.drainSeconds)),
      drainAfterLastWriteMs: Math.round(chained.drainSeconds * 1000),
      maxPending: chained.maxPending,
      sealLag: await sealLag(since),
    };
    rounds.push(result);
    console.log(JSON.stringify(result));
  }
}
const sealed = Number((await ownerPool.query<{ n: string }>('select count(*) as n from audit_event')).rows[0]?.n);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  writers: WRITERS,
  eventsPerRun: EVENTS_PER_RUN,
  sealedEvents: sealed,
  rounds,
};
const file = path.join(import.meta.dirname, 'results', `audit-append-${result.date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`Written to ${path.relative(ROOT, file)}`);
await database.stop();
