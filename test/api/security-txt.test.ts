// /.well-known/security.txt (RFC 9116) says where to report a vulnerability
// in this deployment, from its configuration; with no contact configured
// there is no file rather than an invented address.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '@governance/api/config';
import type { AppServices } from '@governance/api/graphql/context';
import type { SecurityTxtSettings } from '@governance/api/http/security-txt';
import { createHttpServer } from '@governance/api/http/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const NOW = '2026-12-01T15:30:00.000Z';

describe('/.well-known/security.txt', () => {
  let database: TestDatabase;
  const servers: Server[] = [];

  async function listen(publicUrl: string, securityTxt?: SecurityTxtSettings): Promise<string> {
    const services: AppServices = { ...createTestServices(database, movableClock(NOW)), publicUrl };
    const server = createHttpServer(services, { graphiql: false, portal: (_request, response) => response.end('portal'), securityTxt });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/security.txt`;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await database.drop();
  });

  it('publishes the configured contacts, policy and language, the canonical address on the public origin, and an expiry under a year ahead', async () => {
    const url = await listen('https://policies.example.org', {
      contacts: ['mailto:security@example.org', 'https://example.org/report'],
      policyUrl: 'https://example.org/disclosure',
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(
      [
        'Contact: mailto:security@example.org',
        'Contact: https://example.org/report',
        // The next midnight UTC, plus 30 days.
        'Expires: 2027-01-01T00:00:00Z',
        'Canonical: https://policies.example.org/.well-known/security.txt',
        'Policy: https://example.org/disclosure',
        'Preferred-Languages: en',
        '',
      ].join('\n'),
    );
  });

  it('declares no Canonical on a plain-http origin, which RFC 9116 does not allow there', async () => {
    const text = await (
      await fetch(await listen('http://localhost:4520', { contacts: ['mailto:security@example.org'], policyUrl: undefined }))
    ).text();
    expect(text).toContain('Contact: mailto:security@example.org\n');
    expect(text).not.toContain('Canonical:');
    expect(text).not.toContain('Policy:');
  });

  it('answers 404 when no contact is configured', async () => {
    const response = await fetch(await listen('https://policies.example.org'));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Contact:');
  });
});

describe('SECURITY_CONTACT and SECURITY_POLICY_URL', () => {
  it('read a comma-separated list of mailto: and https: contacts', () => {
    const config = loadConfig({
      SECURITY_CONTACT: 'mailto:security@example.org, https://example.org/report',
      SECURITY_POLICY_URL: 'https://example.org/p',
    });
    expect(config.securityTxt).toEqual({
      contacts: ['mailto:security@example.org', 'https://example.org/report'],
      policyUrl: 'https://example.org/p',
    });
    expect(loadConfig({}).securityTxt).toEqual({ contacts: [], policyUrl: undefined });
  });

  it.each([
    ['SECURITY_CONTACT', 'security@example.org'],
    ['SECURITY_CONTACT', 'http://example.org/report'],
    ['SECURITY_CONTACT', 'mailto:nobody'],
    ['SECURITY_CONTACT', 'https://example.org/a\nPolicy: https://evil.example'],
    ['SECURITY_CONTACT', 'mailto:a@example.org\u0000'],
    ['SECURITY_POLICY_URL', 'http://example.org/policy'],
  ])('refuse %s=%j, naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
