// Several processes on one portal folder and one database, as replicas
// started together from one checkout: they build once between them, a
// restart with nothing changed builds nothing, and
// no reader ever finds dist half-built while another process replaces it.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ensurePortalBuilt, portalDistDir, readBuildStamp } from '@governance/api/cli/portal-build';
import { type PortalLock, portalBuildLock } from '@governance/api/cli/portal-lock';
import { createSnapshotPortal } from '@governance/api/jobs/portal-rebuild';
import { createLogger } from '@governance/api/shared/logger';
import { APP_ROLE, createDb, type Db } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { BUILD_TIMEOUT, copyOfPortal } from '../helpers/portal-build.ts';
import { createOrganization } from '../helpers/staff.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(REPOSITORY_ROOT, 'test/fixtures/policies-versions');

describe('portal builds shared by several processes', () => {
  let workDir: string;
  let portalDir: string;
  let database: TestDatabase;
  /** A second process's own pool on the same database. */
  let otherProcessDb: Db;
  let lockOfProcessA: PortalLock;
  let lockOfProcessB: PortalLock;

  beforeAll(async () => {
    // A copy of the portal, so the builds here never touch portal/dist.
    workDir = await mkdtemp(path.join(tmpdir(), 'portal-replicas-'));
    portalDir = await copyOfPortal(workDir);
    process.env.POLICIES_DIR = FIXTURE;
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    otherProcessDb = createDb(database.url, { role: APP_ROLE });
    database.adopt(() => otherProcessDb.destroy());
    lockOfProcessA = portalBuildLock(database.db, portalDir);
    lockOfProcessB = portalBuildLock(otherProcessDb, portalDir);
  }, BUILD_TIMEOUT);

  afterAll(async () => {
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const stagingFolders = async () => (await readdir(portalDir)).filter((name) => name.startsWith('.dist-staging-'));

  /** As `pnpm start` builds. */
  const build = (lock: PortalLock, today: string) =>
    ensurePortalBuilt({
      portalDir,
      policiesDir: FIXTURE,
      publicUrl: 'http://localhost:4000',
      today,
      lock,
      logger: createLogger('silent'),
    });

  it(
    'builds once when two processes start at once, the second taking the first one’s build',
    async () => {
      const built = await Promise.all([build(lockOfProcessA, '2026-12-14'), build(lockOfProcessB, '2026-12-14')]);
      expect(built.toSorted()).toEqual([false, true]);
      expect(existsSync(path.join(portalDistDir(portalDir), 'acme/terms/index.html'))).toBe(true);
      expect(await stagingFolders()).toEqual([]);
    },
    BUILD_TIMEOUT,
  );

  it('does not rebuild on a restart the same day', async () => {
    const stamp = await readBuildStamp(portalDistDir(portalDir));
    expect(await build(lockOfProcessA, '2026-12-14')).toBe(false);
    expect(await build(lockOfProcessB, '2026-12-14')).toBe(false);
    expect(await readBuildStamp(portalDistDir(portalDir))).toBe(stamp);
  });

  it(
    'keeps dist whole while another process rebuilds, and a copy asked for meanwhile is of the new build',
    async () => {
      const distDir = portalDistDir(portalDir);
      const before = await readBuildStamp(distDir);
      let looks = 0;
      let missing = 0;
      let rebuilding = true;
      const whole = async () => existsSync(path.join(distDir, 'index.html')) && (await readBuildStamp(distDir)) !== '';
      const watching = (async () => {
        while (rebuilding) {
          looks++;
          // This look takes no lock, so it may fall between the swap's two renames (microseconds): look twice.
          if (!(await whole())) {
            await delay(5);
            if (!(await whole())) missing++;
          }
          await delay(20);
        }
      })();
      // The next day: acme/terms 2.0 is not yet in effect, but the date is an input, so it builds.
      let done = false;
      const rebuilt = build(lockOfProcessA, '2026-12-15').finally(() => {
        done = true;
      });
      while (!done && (await stagingFolders()).length === 0) await delay(20);
      expect(done).toBe(false);
      const served = createSnapshotPortal(distDir, lockOfProcessB);
      expect(await rebuilt).toBe(true);
      rebuilding = false;
      await watching;
      const portal = await served;
      try {
        expect(missing).toBe(0);
        expect(looks).toBeGreaterThan(10);
        const after = await readBuildStamp(distDir);
        expect(after).not.toBe(before);
        // The copy waited for the build: nothing newer to reload.
        expect(await portal.refresh()).toBe(false);
      } finally {
        await portal.close();
      }
    },
    BUILD_TIMEOUT,
  );
});
