// The built portal's files reach browsers and feed readers with the media
// types they need, compressed or not.

import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the static portal', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'static-portal-'));
    const version = path.join(dist, 'leandna', 'policy', 'v', '1.0');
    await mkdir(version, { recursive: true });
    const body = 'LeanDNA’s policy\n';
    await writeFile(path.join(version, 'body.md'), body);
    await writeFile(path.join(version, 'body.md.br'), brotliCompressSync(body));
    await writeFile(path.join(dist, 'leandna', 'feed.xml'), '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>');
    await writeFile(path.join(dist, 'leandna', 'feed.json'), '{"version":"https://jsonfeed.org/version/1.1"}');
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Home</title>');
    server = createServer(createStaticPortal(dist));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it.each([
    ['/leandna/policy/v/1.0/body.md', 'identity', 'text/markdown; charset=utf-8'],
    ['/leandna/policy/v/1.0/body.md', 'br', 'text/markdown; charset=utf-8'],
    ['/leandna/feed.xml', 'identity', 'application/atom+xml; charset=utf-8'],
    ['/leandna/feed.json', 'identity', 'application/feed+json; charset=utf-8'],
    ['/', 'identity', 'text/html;charset=utf-8'],
  ])('serves %s (%s) as %s', async (url, encoding, type) => {
    const response = await fetch(`${base}${url}`, { headers: { 'accept-encoding': encoding } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    if (url.endsWith('body.md')) expect(await response.text()).toBe('LeanDNA’s policy\n');
  });
});

describe('cache headers of the static portal', () => {
  let server: Server;
  let base: string;
  let dist: string;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'static-portal-cache-'));
    const files: Record<string, string> = {
      '_astro/index.Bq3xYz.css': 'body{margin:0}',
      'acme/terms/v/1.0/body.md': 'The terms\n',
      'acme/terms/v/1.0/index.html': '<!doctype html><title>v1.0</title>',
      'acme/terms/index.html': '<!doctype html><title>Terms</title>',
      'acme/feed.xml': '<feed xmlns="http://www.w3.org/2005/Atom"/>',
      'acme/policies.json': '{}',
      'dashboard/index.html': '<!doctype html><title>Dashboard</title>',
      'index.html': '<!doctype html><title>Home</title>',
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dist, name)), { recursive: true });
      await writeFile(path.join(dist, name), content);
    }
    server = createServer(createStaticPortal(dist));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dist, { recursive: true, force: true });
  });

  it.each([
    ['/_astro/index.Bq3xYz.css', 'public, max-age=31536000, immutable'],
    ['/acme/terms/v/1.0/body.md', 'public, max-age=31536000, immutable'],
    // The version page says whether it is current: that changes with the next version.
    ['/acme/terms/v/1.0/', 'public, max-age=60'],
    ['/acme/terms/', 'public, max-age=60'],
    ['/acme/feed.xml', 'public, max-age=60'],
    ['/acme/policies.json', 'public, max-age=60'],
    ['/', 'public, max-age=60'],
    ['/dashboard/', 'no-cache'],
  ])('lets caches keep %s as "%s", with a quoted ETag', async (url, cacheControl) => {
    const response = await fetch(`${base}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(cacheControl);
    expect(response.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]{43}"$/);
  });

  it('answers 304 without a body when If-None-Match names the current ETag, and 200 otherwise', async () => {
    const first = await fetch(`${base}/acme/feed.xml`);
    const etag = first.headers.get('etag') ?? '';
    const revalidated = await fetch(`${base}/acme/feed.xml`, { headers: { 'if-none-match': `"other", ${etag}` } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await revalidated.text()).toBe('');
    const changed = await fetch(`${base}/acme/feed.xml`, { headers: { 'if-none-match': 'W/"something-else"' } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe('<feed xmlns="http://www.w3.org/2005/Atom"/>');
  });

  it('answers a missing page 404 with no validator and no cache life', async () => {
    const response = await fetch(`${base}/acme/nothing-here/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('tags by content: another build with other text of the same size and time gets another ETag; the same text gets the same ETag', async () => {
    // sirv's own tag (size and mtime) would call the first pair equal and the second pair different.
    const mtime = new Date('2026-12-01T00:00:00.000Z');
    const tagOf = async (content: string, time: Date) => {
      const folder = await mkdtemp(path.join(tmpdir(), 'static-portal-build-'));
      await writeFile(path.join(folder, 'feed.xml'), content);
      await utimes(path.join(folder, 'feed.xml'), time, time);
      const other = createServer(createStaticPortal(folder));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      try {
        const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/feed.xml`);
        return response.headers.get('etag');
      } finally {
        other.close();
        await rm(folder, { recursive: true, force: true });
      }
    };
    const before = await tagOf('<feed>version 1.0</feed>', mtime);
    expect(await tagOf('<feed>version 1.1</feed>', mtime)).not.toBe(before);
    expect(await tagOf('<feed>version 1.0</feed>', new Date('2026-12-02T00:00:00.000Z'))).toBe(before);
  });
});

describe('the live pages of a build', () => {
  let server: Server;
  let base: string;
  let dist: string;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'static-portal-live-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Home</title>');
    await mkdir(path.join(dist, 'acme'));
    await writeFile(path.join(dist, 'acme', 'index.html'), '<!doctype html><title>Acme</title>');
    // The build's server part, as the Node adapter's middleware calls it: it answers its own paths and passes the rest on.
    await mkdir(path.join(dist, '.server'));
    await writeFile(
      path.join(dist, '.server', 'entry.mjs'),
      `export const handler = (request, response, next, locals) => {
  if (!/^\\/[^/]+\\/(privacy-request|retention)\\/$/.test(request.url)) return next();
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end('<!doctype html><title>live</title><p>' + locals.now.toISOString() + '</p>');
};
`,
    );
    const portal = createStaticPortal(dist);
    const locals = { now: new Date('2026-11-22T10:00:00.000Z'), overHttps: false, graphql: async () => ({}) };
    server = createServer((request, response) => portal(request, response, locals));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('renders a live page with the locals the server gives, before any file', async () => {
    const response = await fetch(`${base}/acme/privacy-request/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<p>2026-11-22T10:00:00.000Z</p>');
  });

  it('keeps what a requester sees out of every cache, and lets public live pages be kept a minute', async () => {
    expect((await fetch(`${base}/acme/privacy-request/`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/acme/retention/`)).headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('serves the files, with their own cache headers and ETag, where no live page answers', async () => {
    const response = await fetch(`${base}/acme/`);
    expect(await response.text()).toBe('<!doctype html><title>Acme</title>');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^W\//);
  });

  it('never serves the server part of the build', async () => {
    for (const url of ['/.server/entry.mjs', '/.server/', '/%2Eserver/entry.mjs']) {
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('export const handler');
    }
  });
});
