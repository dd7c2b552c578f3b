// Cross-origin access: none by default, on every endpoint; with
// CORS_ALLOWED_ORIGINS, token requests from the listed origins only, never
// with credentials. A session cookie never authenticates a request that a
// page of another origin sent.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@governance/api/config';
import type { AppServices } from '@governance/api/graphql/context';
import { createHttpServer } from '@governance/api/http/server';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { systemClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const EVIL = 'https://evil.example';
const PARTNER = 'https://app.partner.example';
const ME = '{ me { user { email } } }';

async function listen(services: AppServices, corsAllowedOrigins?: string[]): Promise<{ server: Server; base: string }> {
  const server = createHttpServer(services, {
    graphiql: false,
    portal: (_request, response) => response.end('portal'),
    ...(corsAllowedOrigins ? { corsAllowedOrigins } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const accessControlHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

describe('cross-origin access', () => {
  let database: TestDatabase;
  let services: AppServices;
  let adminCookie: string;
  let token: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createStaff(database, 'admin@acme.example', { organization: 'acme', role: 'ADMIN' });
    const api = createTestApi(database, systemClock);
    services = api.services;
    adminCookie = await signIn(api, 'admin@acme.example');
    token = await createToken(api, adminCookie, 'acme', ['POLICIES_READ']);
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await database.drop();
  });

  const start = async (corsAllowedOrigins?: string[]) => {
    const running = await listen(services, corsAllowedOrigins);
    servers.push(running.server);
    return running.base;
  };
  const graphql = (base: string, query: string, headers: Record<string, string>) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
      body: JSON.stringify({ query }),
    });

  describe('by default', () => {
    let base: string;
    beforeAll(async () => {
      base = await start();
    });

    it('refuses the preflight of another origin to /graphql, with no Access-Control header', async () => {
      const response = await preflight(`${base}/graphql`, EVIL);
      expect(response.ok).toBe(false);
      expect(accessControlHeaders(response)).toEqual([]);
    });

    it("answers another origin's request to /graphql without Access-Control headers", async () => {
      const response = await graphql(base, '{ organizations { slug } }', { origin: EVIL });
      expect(response.status).toBe(200);
      expect(accessControlHeaders(response)).toEqual([]);
    });

    it('grants no endpoint to another origin', async () => {
      for (const path of ['/graphql', '/audit/export?organization=acme', '/health', '/', '/acme/privacy-request/']) {
        const answer = await fetch(`${base}${path}`, { headers: { origin: EVIL, [CSRF_HEADER]: '1' } });
        expect(accessControlHeaders(answer), path).toEqual([]);
        const approved = await preflight(`${base}${path}`, EVIL);
        expect(accessControlHeaders(approved), path).toEqual([]);
      }
    });

    it('keeps the public checkpoint documents readable from anywhere, without credentials', async () => {
      const response = await fetch(`${base}/.well-known/audit-checkpoints/acme.json`, { headers: { origin: EVIL } });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it("does not let a page of another origin act with the signed-in admin's cookie", async () => {
      const own = await graphql(base, ME, { cookie: adminCookie, origin: base });
      expect(await own.json()).toEqual({ data: { me: { user: { email: 'admin@acme.example' } } } });
      const foreignPages: Record<string, string>[] = [
        { origin: EVIL },
        { origin: 'http://127.0.0.1:1' },
        { origin: 'null' },
        { 'sec-fetch-site': 'same-site' },
      ];
      for (const headers of foreignPages) {
        const foreign = await graphql(base, ME, { cookie: adminCookie, ...headers });
        expect(await foreign.json(), JSON.stringify(headers)).toEqual({ data: { me: null } });
      }
      const exported = await fetch(`${base}/audit/export?organization=acme`, {
        headers: { cookie: adminCookie, 'sec-fetch-site': 'cross-site' },
      });
      expect(exported.status).toBe(401);
    });
  });

  describe('with CORS_ALLOWED_ORIGINS', () => {
    let base: string;
    beforeAll(async () => {
      base = await start([PARTNER]);
    });

    it('approves the preflight of a listed origin, allowing a token but never credentials', async () => {
      const response = await preflight(`${base}/graphql`, PARTNER);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const allowedHeaders = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
      expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(response.headers.get('vary')).toBe('Origin');
    });

    it("answers a listed origin's token request with its origin, never with credentials", async () => {
      const response = await graphql(base, '{ organizations { slug } }', { origin: PARTNER, authorization: `Bearer ${token}` });
      expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(await response.json()).toEqual({ data: { organizations: [{ slug: 'acme' }] } });
    });

    it('still ignores the session cookie of a request from the listed origin', async () => {
      const response = await graphql(base, ME, { origin: PARTNER, cookie: adminCookie });
      expect(await response.json()).toEqual({ data: { me: null } });
    });

    it('grants nothing to an origin that is not listed', async () => {
      const refused = await preflight(`${base}/graphql`, EVIL);
      expect(refused.ok).toBe(false);
      expect(accessControlHeaders(refused)).toEqual([]);
      const answered = await graphql(base, '{ organizations { slug } }', { origin: EVIL });
      expect(accessControlHeaders(answered)).toEqual([]);
    });

    it('grants the listed origin nothing on endpoints other than /graphql and /audit/export', async () => {
      for (const path of ['/health', '/', '/acme/privacy-request/']) {
        expect(accessControlHeaders(await preflight(`${base}${path}`, PARTNER)), path).toEqual([]);
        expect(accessControlHeaders(await fetch(`${base}${path}`, { headers: { origin: PARTNER } })), path).toEqual([]);
      }
    });
  });

  it('reads CORS_ALLOWED_ORIGINS as exact origins, refusing paths and wildcards', () => {
    expect(loadConfig({}).corsAllowedOrigins).toEqual([]);
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: ' https://a.example, http://localhost:5173 ,' }).corsAllowedOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://a.example/', 'https://a.example/app', 'a.example', 'ftp://a.example', 'https://*.example']) {
      expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: bad }), bad).toThrow(/CORS_ALLOWED_ORIGINS: .* is not an origin/);
    }
  });
});
