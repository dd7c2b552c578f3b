// The API explorer (GraphiQL at GET /graphql) over HTTP: a page whose
// scripts and stylesheet are files of this server (never a CDN), those files
// cached for a year under a content hash, a Content-Security-Policy that
// still allows no inline script and no eval, ready tabs that run on the
// shipped policies; and field suggestions shown in development only.
import { generateKeyPairSync } from 'node:crypto';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { loadConfig } from '@governance/api/config';
import { EXPLORER_TAB_QUERIES } from '@governance/api/http/explorer/explorer-tabs';
import { createHttpServer } from '@governance/api/http/server';
import { CSRF_HEADER, createGovernanceYoga, yogaOptionsFrom } from '@governance/api/http/yoga';
import { systemClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, TEST_PUBLIC_URL, testApiOver } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { syncShippedPolicies } from '../helpers/shipped-policies.ts';

let database: TestDatabase;
const servers: Server[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await syncShippedPolicies(database);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await database?.drop();
});

async function serve(graphiql: boolean): Promise<string> {
  const server = createHttpServer(createTestServices(database, systemClock), {
    graphiql,
    portal: (_request, response) => response.writeHead(404).end(),
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The bytes as sent (fetch would decompress them). */
function getRaw(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const asBrowser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** The addresses of the page's scripts and stylesheets. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
}

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '').split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('the API explorer page', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve(true);
  });

  it('loads its scripts and stylesheet from this server only, under a content-hashed path', async () => {
    const response = await fetch(`${base}/graphql`, { headers: asBrowser });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).not.toContain('__TITLE__');
    // The one absolute address on the page is this site's own endpoint, in the example for visitors without JavaScript.
    expect(html.replaceAll(`${TEST_PUBLIC_URL}/graphql`, '')).not.toMatch(/unpkg|cdn|https?:\/\//i);
    const assets = assetsOf(html);
    expect(assets.length).toBe(3);
    for (const asset of assets) expect(asset).toMatch(/^\/graphql\/explorer\/[0-9a-f]{16}\/[\w.-]+$/);
  });

  it('without JavaScript, shows how to ask the same question with curl on this site, and that example runs', async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: asBrowser })).text();
    expect(html).not.toContain('Loading');
    const noscript = html.match(/<noscript>([\s\S]*?)<\/noscript>/)?.[1] ?? '';
    const decodeEntities = (text: string) =>
      text.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    const example = decodeEntities(noscript.match(/<pre[^>]*><code>([\s\S]*?)<\/code><\/pre>/)?.[1] ?? '');
    expect(example).toContain(`curl ${TEST_PUBLIC_URL}/graphql`);
    const body = example.match(/-d '(.+)'/)?.[1] ?? '';
    const answer = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const { data } = (await answer.json()) as { data: { organizations: { slug: string; policies: unknown[] }[] } };
    expect(data.organizations.map((organization) => organization.slug)).toContain('leenops');
    expect(data.organizations.every((organization) => organization.policies.length > 0)).toBe(true);
  });

  it('allows no inline script and no eval, only inline styles and data: fonts, which GraphiQL writes', async () => {
    const response = await fetch(`${base}/graphql`, { headers: asBrowser });
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('keeps the site policy (no inline styles, no data: fonts) on every other answer of /graphql', async () => {
    const response = await fetch(`${base}/graphql?query=${encodeURIComponent('{ organizations { slug } }')}`, {
      headers: { [CSRF_HEADER]: '1' },
    });
    expect(response.status).toBe(200);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('font-src')).toEqual(["'self'"]);
  });

  it('serves its files for a year, immutable, and compressed for browsers that ask', async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: asBrowser })).text();
    for (const asset of assetsOf(html)) {
      const plain = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status, asset).toBe(200);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      const body = Buffer.from(await plain.arrayBuffer());
      expect(body.length).toBeGreaterThan(0);
      for (const [encoding, decompress] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const compressed = await getRaw(`${base}${asset}`, { 'accept-encoding': encoding });
        expect(compressed.headers['content-encoding']).toBe(encoding);
        expect(compressed.body.length).toBeLessThan(body.length);
        expect(decompress(compressed.body).equals(body)).toBe(true);
      }
    }
  });

  it('answers 404 for a file it does not have, or under another hash', async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: asBrowser })).text();
    const script = assetsOf(html).find((asset) => asset.endsWith('start-explorer.js')) ?? '';
    expect((await fetch(`${base}${script.replace('start-explorer.js', 'explorer-assets.ts')}`)).status).toBe(404);
    expect((await fetch(`${base}${script.replace(/[0-9a-f]{16}/, '0000000000000000')}`)).status).toBe(404);
    expect((await fetch(`${base}${script.replace('start-explorer.js', '../../../package.json')}`)).status).toBe(404);
  });

  it('opens tabs that each run on the shipped policies without an error', async () => {
    const api = testApiOver(createTestServices(database, systemClock));
    expect(EXPLORER_TAB_QUERIES.length).toBe(3);
    for (const query of EXPLORER_TAB_QUERIES) {
      const { errors, data } = await api.query(query);
      expect(errors, query).toBeUndefined();
      expect(data, query).toBeTruthy();
    }
  });
});

describe('with the explorer off (API_EXPLORER=false)', () => {
  it('serves neither the page nor its files', async () => {
    const on = await serve(true);
    const off = await serve(false);
    const html = await (await fetch(`${on}/graphql`, { headers: asBrowser })).text();
    const page = await fetch(`${off}/graphql`, { headers: asBrowser });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    for (const asset of assetsOf(html)) expect((await fetch(`${off}${asset}`)).status).toBe(404);
  });
});

/** Production refuses to start without a signing key (replicas must share one), so its configuration names one. */
const productionEnvironment = {
  NODE_ENV: 'production',
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
};

describe('API_EXPLORER', () => {
  it('is on by default, in production too, and off when false', () => {
    expect(loadConfig({}).apiExplorer).toBe(true);
    expect(loadConfig(productionEnvironment).apiExplorer).toBe(true);
    expect(loadConfig({ API_EXPLORER: 'false' }).apiExplorer).toBe(false);
    expect(yogaOptionsFrom(loadConfig({ API_EXPLORER: 'false' })).graphiql).toBe(false);
  });

  it('refuses a value other than true or false, naming the setting', () => {
    expect(() => loadConfig({ API_EXPLORER: 'yes' })).toThrow(/API_EXPLORER: must be true or false/);
  });
});

describe('field suggestions ("Did you mean …?")', () => {
  const misspelt = '{ organizations { slug nme } }';

  async function validationMessage(environment: 'development' | 'production'): Promise<string> {
    const options = yogaOptionsFrom(loadConfig(environment === 'production' ? productionEnvironment : { NODE_ENV: environment }));
    const yoga = createGovernanceYoga(createTestServices(database, systemClock), options);
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: misspelt }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    return body.errors?.[0]?.message ?? '';
  }

  it('help in development: the error names the field meant', async () => {
    expect(await validationMessage('development')).toContain('Did you mean "name"?');
  });

  it('stay hidden in production: the error names no field of the schema', async () => {
    const message = await validationMessage('production');
    expect(message).toContain('Cannot query field "nme"');
    expect(message).not.toMatch(/Did you mean|"name"/);
  });
});
