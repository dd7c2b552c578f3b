// A process that has started an embedded PostgreSQL ends with its own
// status, and leaves no PostgreSQL behind even when it crashes. The
// package's exit hook used to end every such process with status 0 on
// beforeExit, which hid every failing test run (vitest reports failure
// through process.exitCode).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';

/** Starts an embedded PostgreSQL in the data directory argv[1], then does `ending`. */
async function runChild(ending: string): Promise<{ code: number; dataDir: string }> {
  const parent = await mkdtemp(path.join(tmpdir(), 'exit-status-'));
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'postgres');
  const script = `
    import { startEmbeddedPostgres } from '@governance/db';
    const postgres = await startEmbeddedPostgres({ dataDir: process.argv[1], ephemeral: true });
    ${ending}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    cwd: path.join(import.meta.dirname, '../../api'),
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, dataDir };
}

async function postgresRunningIn(dataDir: string): Promise<boolean> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
  return stdout.split('\n').some((line) => line.includes(dataDir));
}

describe('a process that ran an embedded PostgreSQL', () => {
  it('ends with the status it set, not 0', async () => {
    expect((await runChild('await postgres.stop(); process.exitCode = 3;')).code).toBe(3);
  }, 60_000);

  it('leaves no PostgreSQL running when it crashes without stopping it', async () => {
    const { code, dataDir } = await runChild("throw new Error('crash');");
    expect(code).toBe(1);
    await eventually(async () => !(await postgresRunningIn(dataDir)), 10_000);
  }, 60_000);
});
