// An operator's day with the embedded PostgreSQL: the administrative
// commands run beside `pnpm start` on the same DATA_DIR, the server comes
// back after `kill -9`, Ctrl-C ends it quietly, and however processes come
// and go there is never a second PostgreSQL on the directory, nor a stray
// process trusted or signalled.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliProcess, type StartedServer, startServer } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { copyOfPortal } from '../helpers/portal-build.ts';

/** The pids of the PostgreSQL servers (postmasters) running on `clusterDir`. */
async function postmastersOn(clusterDir: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(` -D ${clusterDir} `))
    .map((line) => Number.parseInt(line.trim(), 10));
}

async function pidInLockFile(clusterDir: string): Promise<number> {
  return Number.parseInt(await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8'), 10);
}

function expectSuccess(result: CliResult) {
  // The whole result on failure: the message says why.
  expect(result).toMatchObject({ code: 0 });
}

describe('one embedded PostgreSQL per DATA_DIR, shared by the server and the commands', () => {
  let dataDir: string;
  let clusterDir: string;
  let portalDir: string;
  let base: string;
  let server: StartedServer | undefined;
  const env = () => ({
    DATA_DIR: dataDir,
    PORTAL_DIR: portalDir,
    HOST: '127.0.0.1',
    PORT: new URL(base).port,
    ADMIN_PASSWORD: 'a long enough password 1',
  });
  const cli = (...args: string[]) => runCliProcess('cli', args, env());

  beforeAll(async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'governance-shared-'));
    // PostgreSQL runs as its own user, which must be able to reach its data directory.
    await chmod(parent, 0o755);
    dataDir = path.join(parent, 'data');
    clusterDir = path.join(dataDir, 'postgres');
    // Its own copy of the portal to build, beside the other tests' builds.
    portalDir = await copyOfPortal(parent);
    base = `http://127.0.0.1:${await findFreePort()}`;
  });
  afterAll(async () => {
    const pid = server?.child.pid;
    if (pid && server?.child.exitCode === null) {
      try {
        process.kill(-pid, 'SIGKILL'); // `pnpm start` leads a process group of its own
      } catch {
        process.kill(pid, 'SIGKILL');
      }
    }
    for (const pid of await postmastersOn(clusterDir)) process.kill(pid, 'SIGINT');
  });

  it('runs every command beside a running server, two at once, and the server keeps serving', async () => {
    server = await startServer(env());
    expectSuccess(await cli('user:create', '--site-admin', '--email', 'admin@example.test', '--password-env', 'ADMIN_PASSWORD'));
    expectSuccess(await cli('retention:sweep', '--org', 'leenops'));
    expectSuccess(await cli('audit:checkpoint'));
    expectSuccess(await cli('audit:verify', '--org', 'leenops'));
    expectSuccess(await runCliProcess('policies-sync', [], env()));
    expectSuccess(await runCliProcess('migrate', [], env()));
    const together = await Promise.all([
      cli('user:create', '--org', 'leenops', '--role', 'VIEWER', '--email', 'viewer@example.test', '--password-env', 'ADMIN_PASSWORD'),
      cli('audit:verify', '--org', 'leenops'),
    ]);
    for (const result of together) expectSuccess(result);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', database: 'up' });
    expect(await postmastersOn(clusterDir)).toHaveLength(1);
  }, 240_000);

  it('comes up after a kill -9, joining the PostgreSQL the crash left running', async () => {
    const crashed = server as StartedServer;
    const postmaster = await pidInLockFile(clusterDir);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // Nothing could stop it: the server survives in its own process group.
    expect(await postmastersOn(clusterDir)).toEqual([postmaster]);

    server = await startServer({ ...env(), LOG_LEVEL: 'info' }, { viaPnpm: true });
    expect(server.output()).toContain('joined the embedded PostgreSQL already running on this data directory');
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', database: 'up' });
    expect(await postmastersOn(clusterDir)).toEqual([postmaster]);
  }, 240_000);

  it('stops on Ctrl-C with one "stopped" line and status 0, and no PostgreSQL left running', async () => {
    const running = server as StartedServer;
    const before = running.output().length;
    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group (pnpm, the shells, node).
    process.kill(-(running.child.pid as number), 'SIGINT');
    expect(await running.exited).toBe(0);
    const said = running.output().slice(before);
    expect(said.split('\n').filter((line) => /stopped/i.test(line))).toEqual(['Governance portal stopped (SIGINT).']);
    expect(said).not.toMatch(/connection lost|ELIFECYCLE|error/i);
    expect(await postmastersOn(clusterDir)).toEqual([]);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);

  it('runs two commands at once with no server running, on one PostgreSQL that is gone afterwards', async () => {
    const together = await Promise.all([cli('audit:verify', '--org', 'leenops'), runCliProcess('migrate', [], env())]);
    for (const result of together) expectSuccess(result);
    await eventually(async () => (await postmastersOn(clusterDir)).length === 0, 10_000);
  }, 120_000);

  it('starts despite a stale lock file naming an unrelated process, which it leaves alone', async () => {
    // After a crash and a reboot, the pid in the lock file may belong to anything by now.
    const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(clusterDir, 'postmaster.pid'), `${bystander.pid}\n${clusterDir}\n1700000000\n1\n\n127.0.0.1\n0 0\nready\n`);
      expectSuccess(await runCliProcess('migrate', [], env()));
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
    } finally {
      bystander.kill('SIGKILL');
    }
  }, 60_000);
});
