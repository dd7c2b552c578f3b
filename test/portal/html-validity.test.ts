// Every page the portal serves is valid HTML, as the Nu HTML Checker (the
// W3C's validator, vnu.jar, run offline) reads it: the built pages (policy
// pages, organization pages, search, the dashboard's) and the live
// requester pages as the server renders them, including a form answered
// with its errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { seedPortal } from '../helpers/seed-portal.ts';
import { createOrganization } from '../helpers/staff.ts';

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build/dist/vnu.jar');

let dist: string;
let database: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  dist = await seedPortal();
  database = await createTestDatabase();
  await createOrganization(database.db, 'leenops', 'LeenOps');
  const api = createTestApi(database, '2026-11-22T10:00:00.000Z');
  server = createHttpServer(api.services, { graphiql: false, portal: createStaticPortal(dist) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, BUILD_TIMEOUT);
afterAll(async () => {
  server?.close();
  await database?.drop();
});

/** The built pages: every .html file but the bundled assets. */
function builtPages(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html') && !file.startsWith('_astro'))
    .map((file) => path.join(folder, file));
}

/** What the checker finds wrong in the files, one line per error: `file: message`. */
function htmlErrors(files: readonly string[], root: string): string[] {
  const run = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.error) throw run.error;
  // The checker writes its report to stderr, also when it finds nothing: no report means it did not run.
  const report = JSON.parse(run.stderr) as { messages: { type: string; url?: string; message: string }[] };
  return report.messages.map((message) => `${(message.url ?? '').replace(`file:${root}`, '')}: ${message.message}`);
}

describe('the HTML of every page', () => {
  it('of the built portal has no error the Nu HTML Checker finds', () => {
    const pages = builtPages(dist);
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.some((page) => page.includes('/dashboard/'))).toBe(true);
    expect(htmlErrors(pages, dist)).toEqual([]);
  }, 120_000);

  it('of the live requester pages, blank and with their errors, has no error the Nu HTML Checker finds', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'html-validity-'));
    try {
      const form = (fields: Record<string, string>) => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: new URLSearchParams(fields).toString(),
      });
      const pages: [string, string, RequestInit?][] = [
        ['form', '/leenops/privacy-request/'],
        ['form-errors', '/leenops/privacy-request/', form({ email: 'not an address', name: '' })],
        ['verify', '/leenops/privacy-request/verify/'],
        ['verify-errors', '/leenops/privacy-request/verify/', form({ reference: '', token: '' })],
        ['status', '/leenops/privacy-request/status/'],
        ['status-errors', '/leenops/privacy-request/status/', form({ reference: '', code: '' })],
        ['retention', '/leenops/retention/'],
        ['transparency', '/leenops/transparency/'],
      ];
      const files: string[] = [];
      for (const [name, address, init] of pages) {
        const response = await fetch(`${base}${address}`, { redirect: 'manual', ...init });
        expect(response.headers.get('content-type'), name).toMatch(/^text\/html/);
        const file = path.join(folder, `${name}.html`);
        writeFileSync(file, await response.text());
        files.push(file);
      }
      expect(htmlErrors(files, folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
