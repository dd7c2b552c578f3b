// Behind reverse proxies (TRUST_PROXY=true) the client's address is the one
// the outermost trusted proxy appended to X-Forwarded-For, never an entry the
// client wrote itself: it is the address the limits count and the audit
// trail keeps.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppServices } from '@governance/api/graphql/context';
import { createHttpServer } from '@governance/api/http/server';
import { cameOverHttps, clientAddress, requestedHost } from '@governance/api/http/trusted-proxy';
import { CSRF_HEADER } from '@governance/api/http/yoga';
import { systemClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, PASSWORD } from '../helpers/staff.ts';

const ONE_PROXY = { trustProxy: true };
const TWO_PROXIES = { trustProxy: true, trustedProxyHops: 2 };
const NO_PROXY = { trustProxy: false };

describe('the client facts behind trusted proxies', () => {
  it('takes the address the trusted proxy appended, not the one the client wrote', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), '10.0.0.2', ONE_PROXY)).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6,203.0.113.9' }, '10.0.0.2', ONE_PROXY)).toBe('203.0.113.9');
  });

  it('counts the configured number of proxies from the right', () => {
    const headers = new Headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.3' });
    expect(clientAddress(headers, '10.0.0.2', TWO_PROXIES)).toBe('198.51.100.4');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '2001:db8::7, 10.0.0.3' }), '10.0.0.2', TWO_PROXIES)).toBe('2001:db8::7');
  });

  it('falls back to the socket address when the trusted entry is missing or not an IP address', () => {
    for (const forwarded of ['', 'unknown', '203.0.113.9:port', '[2001:db8::1', '<script>', ' , ', '1.2.3.4, not-an-address']) {
      expect(clientAddress(new Headers({ 'x-forwarded-for': forwarded }), '10.0.0.2', ONE_PROXY), forwarded).toBe('10.0.0.2');
    }
    // Fewer entries than proxies: the request did not come through all of them.
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9' }), '10.0.0.2', TWO_PROXIES)).toBe('10.0.0.2');
    expect(clientAddress(new Headers(), '10.0.0.2', ONE_PROXY)).toBe('10.0.0.2');
  });

  it('takes the address without the port some proxies add', () => {
    for (const [forwarded, address] of [
      ['203.0.113.9:4711', '203.0.113.9'],
      ['[2001:db8::7]:4711', '2001:db8::7'],
      ['[2001:db8::7]', '2001:db8::7'],
    ]) {
      expect(clientAddress(new Headers({ 'x-forwarded-for': `6.6.6.6, ${forwarded}` }), '10.0.0.2', ONE_PROXY), forwarded).toBe(address);
    }
  });

  it('ignores every forwarded header when no proxy is trusted', () => {
    const headers = new Headers({
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      host: 'portal.test',
    });
    expect(clientAddress(headers, '10.0.0.2', NO_PROXY)).toBe('10.0.0.2');
    expect(cameOverHttps(headers, false, NO_PROXY)).toBe(false);
    expect(requestedHost(headers, NO_PROXY)).toBe('portal.test');
  });

  it('reads the scheme and host the trusted proxy wrote, by the same rule', () => {
    const headers = new Headers({
      'x-forwarded-proto': 'http, https',
      'x-forwarded-host': 'evil.example, Portal.Test',
      host: 'internal:4000',
    });
    expect(cameOverHttps(headers, false, ONE_PROXY)).toBe(true);
    expect(requestedHost(headers, ONE_PROXY)).toBe('portal.test');
    expect(cameOverHttps(new Headers({ 'x-forwarded-proto': 'https, http' }), false, ONE_PROXY)).toBe(false);
    expect(cameOverHttps(new Headers(), true, NO_PROXY)).toBe(true);
  });
});

describe('the address used for limits and the audit trail behind a trusted proxy', () => {
  let database: TestDatabase;
  let server: Server;
  let base: string;
  let requests = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    const services: AppServices = { ...createTestServices(database, systemClock), trustProxy: true, trustedProxyHops: 1 };
    server = createHttpServer(services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  const postGraphQL = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  const countedAddresses = async () =>
    (
      await sql<{ key: string }>`select key from rate_limit where key like 'deletion_request_ip:%' order by key`.execute(database.owner)
    ).rows.map((row) => row.key);

  // The no-JavaScript form's limit by the proxy's address is tested with the form pages (test/portal/privacy-request-form.test.ts).
  it('limits /graphql submissions by the address the proxy appended', async () => {
    const requestId = `graphql-${++requests}`;
    const response = await postGraphQL(
      `mutation ($input: SubmitDeletionRequestInput!) { submitDeletionRequest(input: $input) { __typename } }`,
      { input: { organization: 'acme', idempotencyKey: requestId, email: 'graphql@example.com', name: 'A Person', jurisdiction: 'GDPR' } },
      { 'x-forwarded-for': '6.6.6.7, 198.51.100.23', 'x-request-id': requestId },
    );
    expect(await response.json()).toEqual({ data: { submitDeletionRequest: { __typename: 'MutationSubmitDeletionRequestSuccess' } } });
    expect(await countedAddresses()).toContain('deletion_request_ip:198.51.100.23');
    expect(await countedAddresses()).not.toContain('deletion_request_ip:6.6.6.7');
  });

  it("keeps the proxy's address in the audit trail and the session", async () => {
    const userId = await createStaff(database, 'proxied@example.com', { organization: 'acme', role: 'VIEWER' });
    const requestId = `login-${++requests}`;
    const response = await postGraphQL(
      'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
      { email: 'proxied@example.com', password: PASSWORD },
      { 'x-forwarded-for': '6.6.6.8, 192.0.2.44', 'x-request-id': requestId },
    );
    expect((await response.json()).errors).toBeUndefined();
    const event = await database.db
      .selectFrom('audit_event_pending')
      .select(['action', 'ip'])
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'auth.login_succeeded', ip: '192.0.2.44' });
    const session = await database.db.selectFrom('user_session').select('ip').where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(session.ip).toBe('192.0.2.44');
  });
});
