// Request bodies are capped on /graphql (and on the no-JavaScript forms,
// tested with their pages in test/portal/privacy-request-form.test.ts): an
// oversized body gets a clear 413 as soon as it is known to be too large,
// without being read into memory, and the server carries on.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@governance/api/config';
import type { AppServices } from '@governance/api/graphql/context';
import { GRAPHQL_BODY_LIMIT } from '@governance/api/http/request-body';
import { createHttpServer, type ServerOptions } from '@governance/api/http/server';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { systemClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/staff.ts';

const EIGHT_MB = 8 * 1024 * 1024;

/** A body of `size` bytes sent in 64 KB chunks without a Content-Length. */
function streamed(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = Math.min(64 * 1024, size - sent);
      if (chunk === 0) return controller.close();
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
      sent += chunk;
    },
  });
}

describe('request body caps', () => {
  let database: TestDatabase;
  let services: AppServices;
  const servers: Server[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    services = createTestServices(database, systemClock);
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await database.drop();
  });

  const start = async (bodyLimits?: ServerOptions['bodyLimits']) => {
    const server = createHttpServer(services, {
      graphiql: false,
      portal: (_request, response) => response.end(),
      ...(bodyLimits ? { bodyLimits } : {}),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const postGraphQL = (base: string, body: BodyInit) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  const query = (padding: number) => JSON.stringify({ query: '{ organizations { slug } }', variables: { padding: 'x'.repeat(padding) } });
  const stillHealthy = async (base: string) => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await postGraphQL(base, query(0))).json()).toEqual({ data: { organizations: [{ slug: 'acme' }] } });
  };

  it('refuses an 8 MB /graphql body with 413 and a JSON error, whether declared or streamed, and stays healthy', async () => {
    const base = await start();
    const tooLarge = {
      errors: [
        { message: 'The request body is larger than 100 KB, the most /graphql accepts.', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
      ],
    };
    const declared = await postGraphQL(base, query(EIGHT_MB));
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await declared.json()).toEqual(tooLarge);
    const chunked = await postGraphQL(base, streamed(EIGHT_MB));
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toEqual(tooLarge);
    await stillHealthy(base);
  });

  it('accepts a /graphql body up to the cap', async () => {
    const base = await start();
    const overhead = query(0).length;
    const largest = await postGraphQL(base, query(GRAPHQL_BODY_LIMIT - overhead));
    expect(largest.status).toBe(200);
    expect((await postGraphQL(base, query(GRAPHQL_BODY_LIMIT - overhead + 1))).status).toBe(413);
  });

  // The form's cap (MAX_FORM_BODY_BYTES) is tested with the form pages, which explain it:
  // test/portal/privacy-request-form.test.ts.
  it('applies the configured /graphql cap', async () => {
    const base = await start({ graphql: 2048, form: 4096 });
    expect((await postGraphQL(base, query(1024))).status).toBe(200);
    const refused = await postGraphQL(base, query(2048));
    expect(refused.status).toBe(413);
    expect((await refused.json()).errors[0].message).toBe('The request body is larger than 2 KB, the most /graphql accepts.');
  });

  it('reads the caps from MAX_GRAPHQL_BODY_BYTES and MAX_FORM_BODY_BYTES', () => {
    expect(loadConfig({}).bodyLimits).toEqual({ graphql: 100 * 1024, form: 64 * 1024 });
    expect(loadConfig({ MAX_GRAPHQL_BODY_BYTES: '20000', MAX_FORM_BODY_BYTES: '8192' }).bodyLimits).toEqual({ graphql: 20000, form: 8192 });
    expect(() => loadConfig({ MAX_GRAPHQL_BODY_BYTES: 'lots' })).toThrow(/MAX_GRAPHQL_BODY_BYTES/);
    expect(() => loadConfig({ MAX_FORM_BODY_BYTES: '10' })).toThrow(/MAX_FORM_BODY_BYTES/);
  });
});
