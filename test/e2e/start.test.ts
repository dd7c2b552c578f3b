// The quick start, as a newcomer runs it: `pnpm start` with nothing
// configured brings up the embedded database, syncs the policies, builds the
// portal and serves everything on one port; it stops cleanly and keeps its
// data for the next start.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { findFreePort } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../helpers/cli.ts';
import { POLICIES_DIR, REPOSITORY_ROOT } from '../helpers/policy-files.ts';

async function stop(started: StartedServer, signal: NodeJS.Signals): Promise<number | null> {
  started.child.kill(signal);
  return started.exited;
}

describe('pnpm start', () => {
  let dataDir: string;
  let base: string;
  let first: StartedServer;
  const env = () => ({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: new URL(base).port });

  beforeAll(async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'governance-start-'));
    await chmod(parent, 0o755);
    dataDir = path.join(parent, 'data');
    base = `http://127.0.0.1:${await findFreePort()}`;
    first = await startServer(env());
  });
  afterAll(() => {
    first.child.kill('SIGKILL');
  });

  it('serves /health with the database up', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the portal with every policy', async () => {
    const home = await (await fetch(`${base}/`)).text();
    for (const title of ['AI Use and Data Policy', 'Terms of Service', 'Privacy Policy', 'LeanDNA Data and Security Policy for AI']) {
      expect(home).toContain(title);
    }
    expect((await fetch(`${base}/leenops/terms-of-service/`)).status).toBe(200);
  });

  it('renders the live pages from the build it serves, with the synced organizations', async () => {
    const form = await fetch(`${base}/leenops/privacy-request/`);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(await form.text()).toContain('Ask LeenOps about your personal data');
    const schedule = await (await fetch(`${base}/leenops/retention/`)).text();
    expect(schedule).toContain('Records of email sent to requesters');
  });

  it('serves the synced policies through GraphQL, with the locked hashes', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ query: '{ policy(organization: "leenops", slug: "terms-of-service") { currentVersion { sha256 } } }' }),
    });
    const lock = JSON.parse(await readFile(path.join(POLICIES_DIR, 'policies.lock.json'), 'utf8'));
    expect(await response.json()).toEqual({
      data: { policy: { currentVersion: { sha256: lock.versions['leenops/terms-of-service@1.0'] } } },
    });
  });

  it('says so when the port is taken, and leaves no PostgreSQL running', async () => {
    const otherData = path.join(path.dirname(dataDir), 'other');
    const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, 'api/src/cli/start.ts')], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env(), DATA_DIR: otherData },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Port ${new URL(base).port} on 127.0.0.1 is in use; set PORT to another port.`);
    expect(existsSync(path.join(otherData, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('stops cleanly on SIGTERM, shutting the embedded PostgreSQL down', async () => {
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('keeps its data across restarts and stops on SIGINT', async () => {
    const second = await startServer(env());
    try {
      expect(second.output()).toContain('Policies already in sync: nothing changed (4 versions unchanged).');
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      expect(await stop(second, 'SIGINT')).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
