// The built portal's files reach browsers and feed readers with the media
// types they need, compressed or not.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
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
