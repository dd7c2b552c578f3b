// The running server's portal switches to a pending version when it takes
// effect: the rebuild job, driven by an injected clock and timer, calls the
// real `ensurePortalBuilt`, and the served files change without a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePortalBuilt, portalDistDir } from '@governance/api/cli/portal-build';
import { type PortalLock, portalBuildLock } from '@governance/api/cli/portal-lock';
import { createPortalRebuildJob, createSnapshotPortal, policyDatesFrom, type Timer } from '@governance/api/jobs/portal-rebuild';
import { createLogger } from '@governance/api/shared/logger';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { BUILD_TIMEOUT, copyOfPortal } from '../helpers/portal-build.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(REPOSITORY_ROOT, 'test/fixtures/policies-versions');
/** acme/terms 2.0 takes effect at this instant. */
const BOUNDARY = new Date('2026-12-15T00:00:00.000Z');

let workDir: string;
let portalDir: string;
let server: Server;
let baseUrl: string;
let database: TestDatabase;
let lock: PortalLock;

beforeAll(async () => {
  // A copy of the portal, so the builds here never touch portal/dist.
  workDir = await mkdtemp(path.join(tmpdir(), 'portal-rebuild-'));
  portalDir = await copyOfPortal(workDir);
  // ensurePortalBuilt hands its environment to Astro, as `pnpm start` does.
  process.env.POLICIES_DIR = FIXTURE;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  database = await createTestDatabase();
  lock = portalBuildLock(database.db, portalDir);
}, BUILD_TIMEOUT);

afterAll(async () => {
  server?.close();
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function currentVersionServed(): Promise<{ version: string | undefined; notice: boolean }> {
  const response = await fetch(`${baseUrl}/acme/terms/`);
  expect(response.status).toBe(200);
  const root = parse(await response.text());
  return { version: root.querySelector('.policy-facts dd')?.textContent, notice: root.querySelector('.notice-pending') !== null };
}

it(
  'serves the old version until the boundary and the new one right after the job runs there',
  async () => {
    const logger = createLogger('silent');
    const now = { value: new Date('2026-12-14T12:00:00.000Z') };
    const build = (today: string) =>
      ensurePortalBuilt({ portalDir, policiesDir: FIXTURE, publicUrl: 'http://localhost:4000', today, lock, logger });
    expect(await build('2026-12-14')).toBe(true);

    const portal = await createSnapshotPortal(portalDistDir(portalDir), lock);
    server = createServer(portal.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await currentVersionServed()).toEqual({ version: '1.1', notice: true });

    let servedWhileDistWasEmpty: Awaited<ReturnType<typeof currentVersionServed>> | undefined;
    const armed: { ms: number; fire: () => void }[] = [];
    const timer: Timer = {
      set: (fire, ms) => {
        armed.push({ ms, fire });
        return { cancel: () => {} };
      },
    };
    const job = createPortalRebuildJob({
      clock: { now: () => new Date(now.value) },
      logger,
      readPolicyDates: policyDatesFrom(FIXTURE),
      // Astro empties dist as it starts; the served copy must not notice.
      rebuild: async (today) => {
        await rm(portalDistDir(portalDir), { recursive: true, force: true });
        servedWhileDistWasEmpty = await currentVersionServed();
        return build(today);
      },
      onRebuilt: portal.reload,
      timer,
    });
    await job.start();
    expect(armed.at(-1)?.ms).toBe(BOUNDARY.getTime() - now.value.getTime());

    // A millisecond early: nothing is due, nothing is built.
    expect(await job.runDue(new Date(BOUNDARY.getTime() - 1))).toBe(false);
    expect(await currentVersionServed()).toEqual({ version: '1.1', notice: true });

    now.value = BOUNDARY;
    armed.at(-1)?.fire();
    await job.settled();
    expect(servedWhileDistWasEmpty).toEqual({ version: '1.1', notice: true });
    expect(await currentVersionServed()).toEqual({ version: '2.0', notice: false });
    // The redline stays at its address; the permanent page of 1.1 now says it was superseded.
    expect((await fetch(`${baseUrl}/acme/terms/changes/1.1...2.0/`)).status).toBe(200);
    const old = parse(await (await fetch(`${baseUrl}/acme/terms/v/1.1/`)).text());
    expect(old.querySelector('.notice')?.textContent).toContain('superseded by v2.0');
    job.stop();
    await portal.close();
  },
  BUILD_TIMEOUT,
);
