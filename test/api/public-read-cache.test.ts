// Anonymous public reads of /graphql are answered from the bytes Yoga sent
// for the same request, until a policy sync (in any process) or the next
// instant a version is published or takes effect; nothing tied to a cookie
// or a token is ever kept or served from there. Two API processes on one
// database, over real HTTP.
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningServices, startAppServices } from '@governance/api/app-services';
import { loadConfig } from '@governance/api/config';
import { etagOf, PublicReadCache } from '@governance/api/http/public-read-cache';
import { createHttpServer, type ServerOptions } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { PolicyCatalogCache } from '@governance/api/policies/catalog-cache';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { fixedClock, systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SESSIONS } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, type VersionFileFields, writeVersion } from '../helpers/policy-files.ts';

const ORGANIZATION_NAME = '{ organization(slug: "leenops") { name } }';
const CHANGELOG = '{ policy(organization: "leenops", slug: "terms-of-service") { changelog { version } } }';
const CURRENT_VERSION = '{ policy(organization: "leenops", slug: "terms-of-service") { currentVersion { version } } }';

describe('the public read cache', () => {
  const clock = movableClock('2026-11-22T12:00:00Z');
  let database: TestDatabase;
  let root: string;
  const processes: { running: RunningServices; server: Server; base: string }[] = [];
  let uncachedBase: string;

  async function startProcess(options: Partial<ServerOptions> = {}) {
    const running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock,
      logger: createLogger('silent'),
      sessions: TEST_SESSIONS,
      trustProxy: false,
      auditSigningKey: { value: undefined, file: path.join(await mkdtemp(path.join(tmpdir(), 'reads-')), 'audit-signing-key.pem') },
      mail: { smtpUrl: undefined, from: 'Test <test@localhost>', directory: path.join(tmpdir(), `mail-reads-${process.pid}`) },
      publicUrl: 'http://portal.test',
    });
    const portal = createStaticPortal(await mkdtemp(path.join(tmpdir(), 'portal-dist-')));
    const server = createHttpServer(running.services, { graphiql: false, portal, ...options });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const entry = { running, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    processes.push(entry);
    return entry;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    root = await copyOfPolicies();
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    await startProcess();
    await startProcess();
    uncachedBase = (await startProcess({ publicReadCache: false })).base;
  });
  afterAll(async () => {
    for (const { running, server } of processes) {
      server.close();
      await running.close();
    }
    await database.drop();
  });

  const first = () => processes[0]?.base as string;
  const second = () => processes[1]?.base as string;

  function get(base: string, query: string, headers: Record<string, string> = {}) {
    return fetch(`${base}/graphql?${new URLSearchParams({ query })}`, { headers: { [CSRF_HEADER]: '1', ...headers } });
  }

  function post(base: string, query: string, headers: Record<string, string> = {}) {
    return fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
  }

  async function organizationName(response: Response): Promise<string | undefined> {
    const { data } = (await response.json()) as { data?: { organization: { name: string } } };
    return data?.organization.name;
  }

  /** Changes a public answer the way only a sync may, but without its notification. */
  async function renameQuietly(name: string) {
    await database.owner.updateTable('organization').set({ name }).where('slug', '=', 'leenops').execute();
  }

  async function publish(fields: VersionFileFields) {
    await writeVersion(root, 'leenops', 'terms-of-service', { title: 'Terms of Service', summary: 'A change', ...fields });
    const lock = await readLock(root);
    if (!lock.ok) throw new Error(lock.problem.message);
    await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
  }

  it('answers a repeated public query, GET or POST, from what it answered before, without running it again', async () => {
    expect(await organizationName(await get(first(), ORGANIZATION_NAME))).toBe('LeenOps');
    expect(await organizationName(await post(first(), ORGANIZATION_NAME))).toBe('LeenOps');
    await renameQuietly('LeenOps (renamed without a sync)');
    try {
      expect(await organizationName(await get(first(), ORGANIZATION_NAME))).toBe('LeenOps');
      expect(await organizationName(await post(first(), ORGANIZATION_NAME))).toBe('LeenOps');
      // The same query through a server without the cache runs it, and sees the change.
      expect(await organizationName(await get(uncachedBase, ORGANIZATION_NAME))).toBe('LeenOps (renamed without a sync)');
    } finally {
      await renameQuietly('LeenOps');
    }
  });

  it('forgets every kept answer in every process once a policy sync commits', async () => {
    const changelog = async (base: string) => {
      const { data } = (await (await get(base, CHANGELOG)).json()) as { data: { policy: { changelog: { version: string }[] } } };
      return data.policy.changelog.map((entry) => entry.version);
    };
    expect(await changelog(first())).toEqual(['1.0']);
    expect(await changelog(second())).toEqual(['1.0']);
    expect(await changelog(first())).toEqual(['1.0']);
    await publish({ version: '1.1', effective: '2026-11-01' });
    await vi.waitFor(async () => expect(await changelog(first())).toEqual(['1.1', '1.0']), { timeout: 5000, interval: 50 });
    await vi.waitFor(async () => expect(await changelog(second())).toEqual(['1.1', '1.0']), { timeout: 5000, interval: 50 });
  });

  it('sends GET answers with a quoted ETag and a public lifetime, and 304 without a body when the client has them', async () => {
    const answer = await get(first(), ORGANIZATION_NAME);
    const body = await answer.text();
    const etag = answer.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
    expect(answer.headers.get('vary')).toContain('Accept');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');

    const again = await get(first(), ORGANIZATION_NAME);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);

    const revalidated = await get(first(), ORGANIZATION_NAME, { 'if-none-match': `"something else", ${etag}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await revalidated.text()).toBe('');

    const changed = await get(first(), ORGANIZATION_NAME, { 'if-none-match': '"something else"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(body);
  });

  it('keeps one answer per media type the client accepts', async () => {
    const json = await get(first(), ORGANIZATION_NAME, { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const graphqlResponse = await get(first(), ORGANIZATION_NAME, { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const again = await get(first(), ORGANIZATION_NAME, { accept: 'application/json' });
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('never answers a request with a cookie or an Authorization header from the cache, nor keeps its answer', async () => {
    expect(await organizationName(await get(first(), ORGANIZATION_NAME))).toBe('LeenOps');
    await renameQuietly('LeenOps (renamed without a sync)');
    try {
      const withCookie = await get(first(), ORGANIZATION_NAME, { cookie: 'theme=dark' });
      expect(withCookie.headers.get('cache-control')).toBe('no-store');
      expect(withCookie.headers.get('etag')).toBeNull();
      expect(await organizationName(withCookie)).toBe('LeenOps (renamed without a sync)');

      const withToken = await get(first(), ORGANIZATION_NAME, { authorization: 'Bearer not-a-token' });
      expect(withToken.headers.get('cache-control')).toBe('no-store');
      expect(withToken.headers.get('etag')).toBeNull();
      expect(JSON.stringify(await withToken.json())).not.toContain('"LeenOps"');

      // What the cookie request was told was never kept: the next one runs again.
      await renameQuietly('LeenOps (renamed again)');
      expect(await organizationName(await get(first(), ORGANIZATION_NAME, { cookie: 'theme=dark' }))).toBe('LeenOps (renamed again)');
    } finally {
      await renameQuietly('LeenOps');
    }
  });

  it('never keeps an answer with errors, to a field off the public list, or to a mutation', async () => {
    const withErrors =
      '{ policy(organization: "leenops", slug: "terms-of-service") { diff(from: "9.9", to: "1.0") { totals { wordsInserted } } } }';
    const personal = '{ deletionRequestStatus(token: "no-such-link") { status } }';
    for (const query of [withErrors, personal]) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await get(first(), query);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.headers.get('etag')).toBeNull();
      }
    }
    expect(((await (await get(first(), personal)).json()) as { data: unknown }).data).toEqual({ deletionRequestStatus: null });

    for (let attempt = 0; attempt < 2; attempt++) {
      const mutation = await post(first(), 'mutation { logout }');
      expect(mutation.headers.get('cache-control')).toBe('no-store');
      expect(mutation.headers.get('etag')).toBeNull();
      expect(await mutation.json()).toEqual({ data: { logout: false } });
    }
  });

  it('never keeps an answer to a request that might run another document than the one checked', async () => {
    const personal = '{ deletionRequestStatus(token: "no-such-link") { status } }';
    const repeated = `${first()}/graphql?${new URLSearchParams([
      ['query', ORGANIZATION_NAME],
      ['query', personal],
    ])}`;
    const withExtensions = JSON.stringify({ query: ORGANIZATION_NAME, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await fetch(repeated, { headers: { [CSRF_HEADER]: '1' } })).headers.get('cache-control')).toBe('no-store');
      const posted = await fetch(`${first()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: withExtensions,
      });
      expect(posted.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('still refuses a GET without the CSRF header when the same query is kept', async () => {
    expect((await get(first(), ORGANIZATION_NAME)).status).toBe(200);
    const refused = await fetch(`${first()}/graphql?${new URLSearchParams({ query: ORGANIZATION_NAME })}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('etag')).toBeNull();
  });

  it('stops serving an answer at the instant a version takes effect, and says how long it stays true', async () => {
    await publish({ version: '1.2', published: '2026-11-20', effective: '2027-03-01' });
    clock.advance(new Date('2027-02-28T23:59:30Z').getTime() - clock.now().getTime());
    const current = async () => {
      const answer = await get(first(), CURRENT_VERSION);
      const { data } = (await answer.json()) as { data: { policy: { currentVersion: { version: string } } } };
      return { version: data.policy.currentVersion.version, cacheControl: answer.headers.get('cache-control') };
    };
    await vi.waitFor(async () => expect((await current()).version).toBe('1.1'), { timeout: 5000, interval: 50 });
    expect(await current()).toEqual({ version: '1.1', cacheControl: 'public, max-age=30' });
    clock.advance(29_000);
    expect(await current()).toEqual({ version: '1.1', cacheControl: 'public, max-age=1' });
    clock.advance(1_000);
    expect(await current()).toEqual({ version: '1.2', cacheControl: 'public, max-age=60' });
  });
});

describe('the public read cache settings', () => {
  it('reads its size from PUBLIC_READ_CACHE_MB (0 turns it off) and the lifetime it announces from PUBLIC_READ_MAX_AGE_SECONDS', () => {
    expect(loadConfig({}).publicReadCache).toEqual({ maxBytes: 32 * 1024 * 1024, maxAgeSeconds: 60 });
    expect(loadConfig({ PUBLIC_READ_CACHE_MB: '8', PUBLIC_READ_MAX_AGE_SECONDS: '0' }).publicReadCache).toEqual({
      maxBytes: 8 * 1024 * 1024,
      maxAgeSeconds: 0,
    });
    expect(loadConfig({ PUBLIC_READ_CACHE_MB: '0' }).publicReadCache).toBe(false);
    expect(() => loadConfig({ PUBLIC_READ_CACHE_MB: 'lots' })).toThrow(/PUBLIC_READ_CACHE_MB/);
    expect(() => loadConfig({ PUBLIC_READ_MAX_AGE_SECONDS: '-1' })).toThrow(/PUBLIC_READ_MAX_AGE_SECONDS/);
  });
});

describe('PublicReadCache', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const answer = (text: string) => ({
    body: Buffer.from(text),
    contentType: 'application/json',
    etag: etagOf(Buffer.from(text)),
    changesAt: null,
  });

  it('keeps at most its bytes, dropping the least recently used answer first', () => {
    const cache = new PublicReadCache(new PolicyCatalogCache(), fixedClock(now), { maxBytes: 3 * (1000 + 200 + 1) });
    const generation = cache.currentGeneration;
    for (const key of ['a', 'b', 'c']) cache.set(key, answer('x'.repeat(1000)), generation, now);
    expect(cache.get('a')).toBeDefined(); // now b is the least recently used
    cache.set('d', answer('x'.repeat(1000)), generation, now);
    expect(['a', 'b', 'c', 'd'].filter((key) => cache.get(key) !== undefined)).toEqual(['a', 'c', 'd']);
  });

  it('refuses an answer made before a sync, and forgets the rest once the catalog is cleared', () => {
    const catalog = new PolicyCatalogCache();
    const cache = new PublicReadCache(catalog, fixedClock(now));
    const generationBeforeSync = cache.currentGeneration;
    cache.set('kept', answer('{}'), generationBeforeSync, now);
    catalog.clear(); // a sync's notification arrived while another answer was being made
    cache.set('late', answer('{}'), generationBeforeSync, now);
    expect(cache.get('late')).toBeUndefined();
    expect(cache.get('kept')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
