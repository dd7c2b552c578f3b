// Every response carries the security headers; the Content-Security-Policy
// allows the site's own files and, inline, only the scripts and styles the
// build wrote (by hash), so an injected script does not run.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cspHashOf, inlineHashesOfHtml } from '@governance/api/http/security-headers';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { systemClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const INLINE_SCRIPT = 'console.log("built")';
const INLINE_STYLE = 'body{color:black}';

async function fakePortal(): Promise<string> {
  const dist = await mkdtemp(path.join(tmpdir(), 'portal-csp-'));
  await mkdir(path.join(dist, 'leenops'));
  await writeFile(
    path.join(dist, 'index.html'),
    `<style>${INLINE_STYLE}</style><h1>Home</h1><script type="module">${INLINE_SCRIPT}</script>`,
  );
  await writeFile(path.join(dist, 'leenops/index.html'), '<h1>LeenOps</h1><script type="module" src="/app.js"></script>');
  await writeFile(path.join(dist, '404.html'), '<h1>Page not found</h1>');
  return dist;
}

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '').split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('security headers', () => {
  let database: TestDatabase;
  let servers: Server[] = [];
  let base: string;
  let behindProxy: string;

  async function listen(trustProxy: boolean, dist: string): Promise<string> {
    const services = { ...createTestServices(database, systemClock), trustProxy };
    const server = createHttpServer(services, { graphiql: false, portal: createStaticPortal(dist), portalDistDir: dist });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const dist = await fakePortal();
    base = await listen(false, dist);
    behindProxy = await listen(true, dist);
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    servers = [];
    await database.drop();
  });

  const graphql = (origin: string, headers: Record<string, string> = {}) =>
    fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
      body: JSON.stringify({ query: '{ organizations { slug } }' }),
    });

  it('are on a portal page, on /graphql and on a 404 alike', async () => {
    for (const response of [await fetch(`${base}/`), await graphql(base), await fetch(`${base}/no/such/page/`)]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    expect((await fetch(`${base}/no/such/page/`)).status).toBe(404);
  });

  it('set a strict policy: own origin only, no plugins, no framing, no foreign forms or base', async () => {
    const csp = directives((await fetch(`${base}/`)).headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it("allow the build's inline script and style by hash, and nothing else inline", async () => {
    const csp = directives((await fetch(`${base}/`)).headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", cspHashOf(INLINE_SCRIPT)]);
    expect(csp.get('style-src')).toEqual(["'self'", cspHashOf(INLINE_STYLE)]);
  });

  it('send HSTS only when the request came over https', async () => {
    expect((await fetch(`${base}/`)).headers.get('strict-transport-security')).toBeNull();
    // An untrusted client cannot claim https…
    expect((await fetch(`${base}/`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
    // …a trusted proxy can.
    const proxied = await fetch(`${behindProxy}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect((await fetch(`${behindProxy}/`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('inline hashes of a page', () => {
  it('skip scripts with a src and hash the exact text between the tags', () => {
    const html = '<script src="/a.js"></script><script>\n  run()\n</script><style media="print">p{}</style>';
    expect(inlineHashesOfHtml(html)).toEqual({ scripts: [cspHashOf('\n  run()\n')], styles: [cspHashOf('p{}')] });
  });
});
