// Test files migrate their own databases at the same moment on one server, as
// two deployments sharing a PostgreSQL cluster may: the cluster-wide
// application role must not make one of them fail.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROLE, createDb, migrateToLatest, type RunningPostgres, startEmbeddedPostgres } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DATABASES = 4;

describe('migrating several databases of one cluster at once', () => {
  // A cluster of its own: the shared test server already has the role, and
  // dropping it there would break every other file running beside this one.
  let parent: string;
  let postgres: RunningPostgres;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'concurrent-migrations-'));
    await chmod(parent, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(parent, 'postgres'), ephemeral: true });
  });
  afterAll(async () => {
    await postgres?.stop();
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('succeeds for every database on a cluster without the application role yet, each ending up usable by that role', async () => {
    const urls = await Promise.all(Array.from({ length: DATABASES }, (_, index) => postgres.createDatabase(`concurrent_${index}`)));
    const owners = urls.map((url) => createDb(url, { maxConnections: 2 }));
    try {
      const results = await Promise.allSettled(owners.map((owner) => migrateToLatest(owner)));
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      for (const url of urls) {
        const app = createDb(url, { role: APP_ROLE, maxConnections: 1 });
        try {
          const { rows } = await sql<{ role: string }>`select current_user as role`.execute(app);
          expect(rows).toEqual([{ role: APP_ROLE }]);
          expect(await app.selectFrom('organization').select('id').execute()).toEqual([]);
        } finally {
          await app.destroy();
        }
      }
    } finally {
      await Promise.all(owners.map((owner) => owner.destroy()));
    }
  });
});
