// Two API processes on one external PostgreSQL, started at once from one
// checkout, as replicas behind a load balancer: both come up (the portal is
// built once between them), and after `pnpm policies:sync` in a third process
// both serve the new version's page without a restart, built once again.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findFreePort } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type StartedServer, startServer } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, writeVersion } from '../helpers/policy-files.ts';
import { copyOfPortal } from '../helpers/portal-build.ts';

const STARTUP_TIMEOUT = 300_000;
const SYNC_TIMEOUT = 300_000;
/** What portal-build.ts logs when it, and not another process, builds. */
const BUILDING = 'building the portal (policies';
const UP_TO_DATE = 'portal is up to date';

interface Replica extends StartedServer {
  base: string;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await findFreePort();
  const started = await startServer({ ...env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port) });
  return { ...started, base: `http://127.0.0.1:${port}` };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('two replicas on one PostgreSQL and one checkout', () => {
  let database: TestDatabase;
  let workDir: string;
  let policiesDir: string;
  let env: Record<string, string>;
  const replicas: Replica[] = [];
  const buildsAcrossReplicas = () => replicas.reduce((count, replica) => count + occurrences(replica.output(), BUILDING), 0);

  beforeAll(async () => {
    // The processes migrate it themselves, at once.
    database = await createTestDatabase({ migrate: false });
    workDir = await mkdtemp(path.join(tmpdir(), 'governance-replicas-'));
    // A copy of the portal, so these builds never touch portal/dist.
    const portalDir = await copyOfPortal(workDir);
    policiesDir = await copyOfPolicies();
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    // One deployment: one database, one checkout, one signing key, and one public origin (the load
    // balancer's), which every replica builds the same portal for whatever port it listens on.
    env = {
      DATABASE_URL: database.url,
      PORTAL_DIR: portalDir,
      POLICIES_DIR: policiesDir,
      AUDIT_SIGNING_KEY: signingKey,
      PUBLIC_SITE_URL: 'https://policies.example.com',
    };
  });

  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.exited));
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
    if (policiesDir) await rm(path.dirname(policiesDir), { recursive: true, force: true });
  });

  it(
    'both start at once and serve the portal, built once between them',
    async () => {
      const started = await Promise.allSettled(
        ['a', 'b'].map((name) => startReplica({ ...env, DATA_DIR: path.join(workDir, `data-${name}`) })),
      );
      // Kept before any failure is reported, so afterAll stops whichever did start.
      for (const result of started) if (result.status === 'fulfilled') replicas.push(result.value);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      for (const replica of replicas) {
        expect((await fetch(`${replica.base}/leenops/terms-of-service/`)).status).toBe(200);
        expect((await fetch(`${replica.base}/leenops/terms-of-service/v/1.1/`)).status).toBe(404);
      }
      // Each replica looks once more after subscribing to syncs (a sync during its start-up is not
      // missed); the next test edits the policy files only once both have looked, or a look could
      // catch a version written but not yet locked and build it, as any rebuild builds the files on disk.
      const looks = (replica: Replica) => occurrences(replica.output(), BUILDING) + occurrences(replica.output(), UP_TO_DATE);
      while (replicas.some((replica) => looks(replica) < 2)) await delay(200);
      expect(buildsAcrossReplicas()).toBe(1);
    },
    STARTUP_TIMEOUT,
  );

  it(
    'both serve a newly synced version without a restart, built once between them',
    async () => {
      await writeVersion(policiesDir, 'leenops', 'terms-of-service', {
        version: '1.1',
        title: 'Terms of Service',
        effective: '2026-11-01',
        summary: 'Clarified billing',
      });
      expect((await runCliProcess('policies-lock', [], { POLICIES_DIR: policiesDir })).code).toBe(0);
      const synced = await runCliProcess('policies-sync', [], { ...env, DATA_DIR: path.join(workDir, 'data-sync') });
      expect(synced.code, synced.stderr).toBe(0);

      const deadline = Date.now() + SYNC_TIMEOUT - 30_000;
      const pending = new Set(replicas);
      while (pending.size > 0 && Date.now() < deadline) {
        for (const replica of pending) {
          if ((await fetch(`${replica.base}/leenops/terms-of-service/v/1.1/`)).status === 200) pending.delete(replica);
        }
        await delay(500);
      }
      expect([...pending].map((replica) => replica.base)).toEqual([]);
      // A replica that did not build serves the new files from the shared folder a moment before it logs that it does.
      for (const replica of replicas) await expect.poll(() => replica.output()).toContain('serving the portal of the policies just synced');
      expect(buildsAcrossReplicas()).toBe(2);
    },
    SYNC_TIMEOUT,
  );
});
