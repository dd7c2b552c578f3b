// The embedded PostgreSQL waits for the disk (fsync) unless told it is a test
// run's throwaway cluster, which then skips it: creating and dropping a
// database per test file is then far cheaper, and nothing kept is at risk.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@governance/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

async function durabilitySettings(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('fsync', 'full_page_writes', 'synchronous_commit') order by name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}

describe('the durability of an embedded PostgreSQL', () => {
  it('is off for a cluster started as not crash-safe, as the test run starts its own', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'crash-safety-'));
    // PostgreSQL runs as its own user, which must be able to reach its data directory.
    await chmod(parent, 0o755);
    const throwaway = await startEmbeddedPostgres({ dataDir: path.join(parent, 'postgres'), ephemeral: true, crashSafe: false });
    try {
      expect(await durabilitySettings(throwaway.url)).toEqual({ fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
    } finally {
      await throwaway.stop();
    }
  }, 120_000);
});
