// A throwaway embedded PostgreSQL for the audit benchmarks, migrated, with
// the application role's pool and the owner's.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROLE, createDb, createPool, type Db, migrateToLatest, type Pool, startEmbeddedPostgres } from '@governance/db';

export interface BenchDatabase {
  url: string;
  owner: Db;
  /** The owner's raw pool, for SQL Kysely's typed builder cannot express (the bench package has no kysely of its own). */
  ownerPool: Pool;
  db: Db;
  stop(): Promise<void>;
}

export async function startBenchDatabase(options: { maxConnections?: number } = {}): Promise<BenchDatabase> {
  const parent = await mkdtemp(path.join(tmpdir(), 'governance-audit-bench-'));
  await chmod(parent, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(parent, 'postgres'), ephemeral: true });
  const url = await postgres.ensureDatabase('bench');
  const owner = createDb(url, { maxConnections: 4 });
  await migrateToLatest(owner);
  const db = createDb(url, { role: APP_ROLE, maxConnections: options.maxConnections ?? 10 });
  const ownerPool = createPool(url, { maxConnections: 2 });
  return {
    url,
    owner,
    ownerPool,
    db,
    async stop() {
      await Promise.all([db.destroy(), owner.destroy(), ownerPool.end()]);
      await postgres.stop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

// Actions by share of events: `policy` (prefix) ≈ 45 %, auth.login.failed 5 %, retention 1 %, deletion 0.1 %.
const GENERATE_EVENTS = `
  insert into audit_event_pending (organization_id, occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, request_id, ip, user_agent, metadata)
  select $1::uuid,
    to_char((timestamptz '2025-01-01 00:00:00+00' + g * interval '30 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    case when g % 10 = 0 then 'API_TOKEN' else 'USER' end,
    'actor-' || (g * 31 % 200), 'actor' || (g * 31 % 200) || '@example.com',
    case
      when g * 7919 % 1000 < 300 then 'auth.login.succeeded'
      when g * 7919 % 1000 < 700 then 'policy.version.published'
      when g * 7919 % 1000 < 750 then 'policy.created'
      when g * 7919 % 1000 < 800 then 'auth.login.failed'
      when g * 7919 % 1000 < 810 then 'retention.setting.changed'
      when g * 7919 % 1000 < 811 then 'deletion_request.completed'
      else 'auth.token.used'
    end,
    case when g % 3 = 0 then 'PolicyVersion' else 'Policy' end, 'target-' || (g * 17 % 5000),
    'req-' || g, '203.0.113.' || (g % 250), 'Mozilla/5.0 (bench)', '{"index":' || g || ',"source":"bench"}'
  from generate_series($2::bigint, $3::bigint) g`;

/** Appends `count` generated events to the organization's pending queue, in SQL, in batches of 100,000; the sealer chains them. */
export async function generateAuditEvents(ownerPool: Pool, organizationId: string, count: number): Promise<void> {
  for (let from = 1; from <= count; from += 100_000) {
    await ownerPool.query(GENERATE_EVENTS, [organizationId, from, Math.min(count, from + 99_999)]);
  }
}
