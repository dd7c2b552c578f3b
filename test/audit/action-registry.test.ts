// The registry of audit actions: one naming style, every recording site on
// it, and renamed actions still found under the names past events keep
// (events are immutable and hash-chained, so those rows are never rewritten).

import { readdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AUDIT_ACTION, AUDIT_ACTIONS, type AuditAction, currentActionName } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { createHttpServer } from '@governance/api/http/server';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const API_SOURCE = path.resolve(import.meta.dirname, '../../api/src');
const STYLE = /^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/;

describe('the audit action registry', () => {
  it('names every action <subject>.<what_happened> in lower case, each once, with a description', () => {
    const names = Object.values(AUDIT_ACTION);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(AUDIT_ACTIONS).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(name, name).toMatch(STYLE);
      expect(AUDIT_ACTIONS[name].description.length, name).toBeGreaterThan(10);
    }
  });

  it('keeps each former name apart: no former name is another action, and each leads to its current one', () => {
    const current = new Set<string>(Object.values(AUDIT_ACTION));
    for (const [name, entry] of Object.entries(AUDIT_ACTIONS)) {
      for (const former of entry.formerNames ?? []) {
        expect(current.has(former), former).toBe(false);
        expect(currentActionName(former)).toBe(name);
      }
    }
    expect(currentActionName('auth.login.failed')).toBe('auth.login_failed');
    expect(currentActionName('policyholder.notified')).toBe('policyholder.notified');
  });

  it('is the only source of action names: no recording site builds one at run time', async () => {
    const files = (await readdir(API_SOURCE, { recursive: true })).filter((file) => file.endsWith('.ts'));
    const built: string[] = [];
    for (const file of files) {
      // Code only: comments may quote an action.
      const code = (await readFile(path.join(API_SOURCE, file), 'utf8'))
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      for (const match of code.matchAll(/\baction: (`[^`]*`|'[a-z_]+\.[a-z_.]+'|[a-zA-Z.]+ \+)/g)) built.push(`${file}: ${match[0]}`);
    }
    expect(built).toEqual([]);
  });
});

describe('events recorded under a former name', () => {
  const NOW = '2026-11-22T04:00:00Z';
  const clock = fixedClock(NOW);
  let database: TestDatabase;
  let api: TestApi;
  let server: Server;
  let base: string;
  let acme: string;
  let token: string;

  /** As an earlier release recorded it: the name it had then. */
  const record = (action: string, index: number) =>
    database.db.transaction().execute((trx) =>
      recordAuditEvent(trx, {
        organizationId: acme,
        actor: { type: 'ANONYMOUS', id: null, label: null },
        action: action as AuditAction,
        metadata: { index },
        occurredAt: new Date(Date.parse('2026-11-01T00:00:00Z') + index * 1000),
      }),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    acme = await createOrganization(database.db, 'acme');
    await createStaff(database, 'admin@acme.example', { organization: 'acme', role: 'ADMIN' });
    token = await createToken(api, await signIn(api, 'admin@acme.example'), 'acme', ['AUDIT_READ']);
    const stored = [
      'auth.login.failed',
      'auth.login_failed',
      'policy.version.published',
      'policy.version_published',
      'auth.logout',
      'auth.login.succeeded',
    ];
    for (const [index, action] of stored.entries()) await record(action, index);
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    server = createHttpServer(api.services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  /** The stored actions of the synthetic events (index in metadata) a GraphQL filter finds. */
  async function found(action: string): Promise<string[]> {
    const response = await api.query(
      `query ($filter: AuditEventFilter) { auditEvents(organization: "acme", filter: $filter, first: 100) { edges { node { action metadata } } } }`,
      { filter: { action } },
      { token },
    );
    const edges = (response.data as { auditEvents: { edges: { node: { action: string; metadata: string } }[] } }).auditEvents.edges;
    return edges
      .filter(({ node }) => node.metadata.includes('"index"'))
      .map(({ node }) => node.action)
      .sort();
  }

  it('are found by auditEvents under the current name, the former name, or a prefix of either', async () => {
    expect(await found('auth.login_failed')).toEqual(['auth.login.failed', 'auth.login_failed']);
    expect(await found('auth.login.failed')).toEqual(['auth.login.failed', 'auth.login_failed']);
    expect(await found('auth.logged_out')).toEqual(['auth.logout']);
    expect(await found('policy.version_published')).toEqual(['policy.version.published', 'policy.version_published']);
    // `auth.login` was the prefix of the former names: it still finds them, and their successors.
    expect(await found('auth.login')).toEqual(['auth.login.failed', 'auth.login.succeeded', 'auth.login_failed']);
    expect(await found('policy')).toEqual(['policy.version.published', 'policy.version_published']);
  });

  it('are exported under either name, with the name they were recorded and hashed under', async () => {
    const response = await fetch(`${base}/audit/export?organization=acme&format=ndjson&action=auth.login_failed`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const actions = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { action: string }).action)
      .sort();
    expect(actions).toEqual(['auth.login.failed', 'auth.login_failed']);
  });

  it('keep the chain intact: the names are hashed as recorded, never rewritten', async () => {
    expect(await verifyChain({ db: database.db }, systemPrincipal('test'), acme, { keys: new Map() })).toMatchObject({
      ok: true,
      firstBadSeq: null,
    });
  });
});
