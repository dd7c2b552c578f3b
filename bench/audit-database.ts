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
