// Each API process caches which policies and versions exist; a sync in any
// process must reach all of them through PostgreSQL notifications.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningServices, startAppServices } from '@governance/api/app-services';
import { CSRF_HEADER, createGovernanceYoga } from '@governance/api/http/yoga';
import { PolicyCatalogCache } from '@governance/api/policies/catalog-cache';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { fixedClock, systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SESSIONS } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, writeVersion } from '../helpers/policy-files.ts';

describe('the policy catalog of a running API', () => {
  let database: TestDatabase;
  let running: RunningServices;
  let root: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    root = await copyOfPolicies();
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock: fixedClock('2026-11-22T12:00:00Z'),
      logger: createLogger('silent'),
      sessions: TEST_SESSIONS,
      trustProxy: false,
      auditSigningKey: { value: undefined, file: path.join(await mkdtemp(path.join(tmpdir(), 'catalog-')), 'audit-signing-key.pem') },
      mail: { smtpUrl: undefined, from: 'Test <test@localhost>', directory: path.join(tmpdir(), `mail-catalog-${process.pid}`) },
      publicUrl: 'http://portal.test',
    });
  });
  afterAll(async () => {
    await running.close();
    await database.drop();
  });

  async function changelogVersions(): Promise<string[]> {
    const yoga = createGovernanceYoga(running.services, { graphiql: false });
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ query: '{ policy(organization: "leenops", slug: "terms-of-service") { changelog { version } } }' }),
    });
    const { data } = (await response.json()) as { data: { policy: { changelog: { version: string }[] } } };
    return data.policy.changelog.map((entry) => entry.version);
  }

  it('shows a version synced by another process once PostgreSQL notifies it', async () => {
    expect(await changelogVersions()).toEqual(['1.0']);
    await writeVersion(root, 'leenops', 'terms-of-service', {
      version: '1.1',
      title: 'Terms of Service',
      effective: '2026-11-01',
      summary: 'Clarified billing',
    });
    const lock = await readLock(root);
    if (!lock.ok) throw new Error(lock.problem.message);
    await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    await vi.waitFor(async () => expect(await changelogVersions()).toEqual(['1.1', '1.0']), { timeout: 5000, interval: 50 });
  });
});

describe('PolicyCatalogCache', () => {
  it('refuses an entry read before the catalog changed', () => {
    const cache = new PolicyCatalogCache();
    const entry = { policy: { id: 'p', organizationId: 'o', slug: 'terms', title: 'Terms' }, versions: [] };
    const generationBeforeRead = cache.generation;
    cache.clear(); // a sync committed while the read was in flight
    cache.set('acme', 'terms', entry, generationBeforeRead);
    expect(cache.get('acme', 'terms')).toBeUndefined();
    cache.set('acme', 'terms', entry, cache.generation);
    expect(cache.get('acme', 'terms')).toBe(entry);
  });
});
