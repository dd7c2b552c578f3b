import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { secondFactorKeyFrom } from '@governance/api/auth/second-factor-key';
import type { AppServices } from '@governance/api/graphql/context';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { packageKeyFrom } from '@governance/api/privacy-packages/package-key';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { createUseCaseContext } from '@governance/api/use-case-context';
import { createDb, findFreePort } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, TEST_PUBLIC_URL, TEST_SESSIONS } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

async function fakePortal(): Promise<string> {
  const dist = await mkdtemp(path.join(tmpdir(), 'portal-dist-'));
  await mkdir(path.join(dist, 'leenops'));
  await writeFile(path.join(dist, 'index.html'), '<h1>Home</h1>');
  await writeFile(path.join(dist, 'leenops/index.html'), '<h1>LeenOps</h1>');
  await writeFile(path.join(dist, '404.html'), '<h1>Page not found</h1>');
  const script = 'console.log("search");\n'.repeat(200);
  await writeFile(path.join(dist, 'search.js'), script);
  await writeFile(path.join(dist, 'search.js.br'), brotliCompressSync(script));
  return dist;
}

async function listen(services: AppServices, dist: string): Promise<{ server: Server; base: string }> {
  const server = createHttpServer(services, { graphiql: false, portal: createStaticPortal(dist) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the HTTP server', () => {
  let database: TestDatabase;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ server, base } = await listen(createTestServices(database, systemClock), await fakePortal()));
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  it('reports a healthy database on /health', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the portal pages, with directory indexes', async () => {
    expect(await (await fetch(`${base}/`)).text()).toBe('<h1>Home</h1>');
    const organization = await fetch(`${base}/leenops/`);
    expect(organization.headers.get('content-type')).toMatch(/text\/html/);
    expect(await organization.text()).toBe('<h1>LeenOps</h1>');
  });

  it('sends the precompressed file to clients that accept it', async () => {
    const compressed = await fetch(`${base}/search.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(await compressed.text()).toContain('console.log("search");');
    const plain = await fetch(`${base}/search.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('answers unknown paths with the portal 404 page', async () => {
    const response = await fetch(`${base}/no/such/page/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<h1>Page not found</h1>');
  });

  it('does not serve files outside the portal', async () => {
    const response = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(response.status).toBe(404);
  });

  it('serves GraphQL on /graphql', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ query: '{ organizations { slug } }' }),
    });
    expect(await response.json()).toEqual({ data: { organizations: [] } });
  });

  it('sends security headers with every response', async () => {
    for (const url of [`${base}/`, `${base}/health`, `${base}/graphql?query={__typename}`]) {
      const response = await fetch(url, { headers: { [CSRF_HEADER]: '1' } });
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), url).toBe('DENY');
    }
  });
});

describe('/health without a database', () => {
  it('answers 503 and says the database is down', async () => {
    const url = `postgres://nobody:nothing@127.0.0.1:${await findFreePort()}/none`;
    const db = createDb(url);
    const useCases = createUseCaseContext({
      db,
      databaseUrl: url,
      clock: systemClock,
      logger: createLogger('silent'),
      sessions: TEST_SESSIONS,
      publicUrl: TEST_PUBLIC_URL,
      signingKey: signingKeyFrom(generateKeyPairSync('ed25519').privateKey),
      secondFactorKey: secondFactorKeyFrom(randomBytes(32)),
      packageKey: packageKeyFrom(randomBytes(32)),
    });
    const services: AppServices = { ...useCases.context, trustProxy: false };
    const { server, base } = await listen(services, await fakePortal());
    try {
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', database: 'down' });
    } finally {
      server.close();
      await useCases.close();
      await db.destroy();
    }
  });
});
