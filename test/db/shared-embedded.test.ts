// Processes that start on one data directory at the same moment (two
// commands, say) share one embedded PostgreSQL, and the server stays for as
// long as any of them uses it, whoever started it.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@governance/db';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function fsyncSetting(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ fsync: string }>('show fsync')).rows[0]?.fsync ?? '';
  } finally {
    await client.end();
  }
}

describe('an embedded PostgreSQL shared on one data directory', () => {
  it('is started once by two starts at once on a new directory, and stays until the last user leaves', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'shared-embedded-'));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'postgres');
    const both = await Promise.all([startEmbeddedPostgres({ dataDir }), startEmbeddedPostgres({ dataDir })]);
    const starter = both.find((postgres) => postgres.startedHere);
    const joiner = both.find((postgres) => !postgres.startedHere);
    if (!starter || !joiner) throw new Error(`expected one start and one join, got ${both.map((p) => p.startedHere)}`);
    expect(joiner.url).toBe(starter.url);
    // Crash-safe unless asked otherwise (test/db/crash-safety.test.ts): what `pnpm start` runs keeps fsync on.
    expect(await fsyncSetting(starter.url)).toBe('on');

    // The one that started it leaves first: the server stays for the other.
    await starter.stop();
    expect(await answers(joiner.url)).toBe(true);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);

    await joiner.stop();
    expect(await answers(joiner.url)).toBe(false);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
