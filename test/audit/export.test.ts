// GET /audit/export: an organization's events as NDJSON or CSV, streamed,
// for those holding audit:read there.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { eventHash } from '@governance/api/audit/chain';
import { systemPrincipal } from '@governance/api/auth/principal';
import { createHttpServer } from '@governance/api/http/server';
import { fixedClock } from '@governance/api/shared/clock';
import type { AuditEventRow } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';
import { recordConcurrently, sampleEvent, seededRandom } from './fixtures.ts';

const NOW = '2026-11-22T04:00:00Z';
const clock = fixedClock(NOW);

describe('the audit export', () => {
  let database: TestDatabase;
  let api: TestApi;
  let server: Server;
  let base: string;
  let acme: string;
  let auditorCookie: string;
  let auditToken: string;
  let otherToken: string;
  let policyToken: string;
  let rows: AuditEventRow[];

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    acme = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    await createStaff(database, 'admin@acme.example', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'auditor@acme.example', { organization: 'acme', role: 'AUDITOR' });
    await createStaff(database, 'admin@globex.example', { organization: 'globex', role: 'ADMIN' });
    const adminCookie = await signIn(api, 'admin@acme.example');
    auditorCookie = await signIn(api, 'auditor@acme.example');
    auditToken = await createToken(api, adminCookie, 'acme', ['AUDIT_READ']);
    policyToken = await createToken(api, adminCookie, 'acme', ['POLICIES_READ']);
    otherToken = await createToken(api, await signIn(api, 'admin@globex.example'), 'globex', ['AUDIT_READ']);
    // More than two keyset batches of 1,000.
    const random = seededRandom(9);
    await recordConcurrently(
      database.db,
      Array.from({ length: 2300 }, (_, index) => sampleEvent(acme, index, new Date('2026-11-01T00:00:00Z'), random)),
      16,
    );
    await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(null, 0, clock.now())));
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    rows = await database.db.selectFrom('audit_event').selectAll().where('chain', '=', acme).orderBy('seq').execute();
    server = createHttpServer(api.services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  const get = (query: string, headers: Record<string, string> = {}) => fetch(`${base}/audit/export?${query}`, { headers });

  it('streams every event as NDJSON, oldest first, each line re-hashable', async () => {
    const response = await get('organization=acme&format=ndjson', { cookie: auditorCookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit-acme.ndjson"');
    const lines = (await response.text()).trimEnd().split('\n');
    // Later events (the export's own sign-ins are recorded too) may be pending: everything sealed is there.
    expect(lines).toHaveLength(rows.length);
    const events = lines.map((line) => JSON.parse(line));
    expect(events.map((event) => event.seq)).toEqual(rows.map((row) => Number(row.seq)));
    for (const event of events) {
      const { seq, prevHash, hash, ...content } = event;
      expect(content.organizationId).toBe(acme);
      expect(eventHash(content, seq, prevHash)).toBe(hash);
    }
  });

  it('streams CSV with a header, filtered', async () => {
    const response = await get('organization=acme&format=csv&action=auth.login&from=2026-11-01T00:00:01Z', {
      authorization: `Bearer ${auditToken}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,actor_type,actor_id,actor_label,action,target_type,target_id,request_id,ip,user_agent,metadata,prev_hash,hash',
    );
    const expected = rows.filter((row) => row.action.startsWith('auth.login.') && row.occurred_at >= '2026-11-01T00:00:01.000000Z');
    expect(expected.length).toBeGreaterThan(100);
    expect(lines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(expected.map((row) => Number(row.seq)));
    // Metadata (commas and quotes inside) is quoted, so each line is one record ending in its hash.
    expect(lines.slice(1).map((line) => line.slice(-64))).toEqual(expected.map((row) => row.hash));
  });

  it('sends only the header when nothing matches', async () => {
    const response = await get('organization=acme&format=csv&actorId=nobody', { authorization: `Bearer ${auditToken}` });
    expect(await response.text()).toBe(
      'seq,occurred_at,actor_type,actor_id,actor_label,action,target_type,target_id,request_id,ip,user_agent,metadata,prev_hash,hash\n',
    );
  });

  it.each([
    ['no credentials', {}, 401, 'UNAUTHENTICATED'],
    ['a revoked or made-up token', { authorization: 'Bearer gp_not_a_token' }, 401, 'UNAUTHENTICATED'],
    ['a token of another organization', { authorization: 'Bearer OTHER' }, 403, 'FORBIDDEN'],
    ['a token without audit:read', { authorization: 'Bearer POLICY' }, 403, 'FORBIDDEN'],
  ])('refuses %s', async (_who, headers: Record<string, string>, status, code) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, value.replace('OTHER', otherToken).replace('POLICY', policyToken)]),
    );
    const response = await get('organization=acme', resolved);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: code });
  });

  it('keeps the request id of a refusal bounded in the trail, whatever X-Request-Id the client sends', async () => {
    const longId = 'x'.repeat(16_000);
    const refused = await get('organization=globex', { cookie: auditorCookie, 'x-request-id': longId });
    expect(refused.status).toBe(403);
    const requestIds = await database.db
      .selectFrom('audit_event_pending')
      .select('request_id')
      .where('action', '=', 'auth.access_denied')
      .execute();
    expect(requestIds.length).toBeGreaterThan(0);
    for (const { request_id } of requestIds) expect(String(request_id).length).toBeLessThanOrEqual(64);
  });

  it('answers an unknown organization exactly as a forbidden one', async () => {
    const forbidden = await get('organization=globex', { cookie: auditorCookie });
    const unknown = await get('organization=nobody', { cookie: auditorCookie });
    expect([unknown.status, await unknown.text()]).toEqual([forbidden.status, await forbidden.text()]);
    expect(forbidden.status).toBe(403);
    // Both refusals are in the trail.
    const denials = await database.db
      .selectFrom('audit_event_pending')
      .select(['organization_id', 'metadata'])
      .where('action', '=', 'auth.access_denied')
      .execute();
    expect(denials).toEqual(
      expect.arrayContaining([
        { organization_id: null, metadata: '{"attempted":"audit:read"}' },
        { organization_id: expect.any(String), metadata: '{"attempted":"audit:read"}' },
      ]),
    );
  });

  it.each([
    ['', 'organization'],
    ['organization=acme&format=xml', 'format'],
    ['organization=acme&from=yesterday', 'from'],
    ['organization=acme&to=2026-13-45T00:00:00Z', 'to'],
    ['organization=acme&action=Policy', 'action'],
    ['organization=acme&actor=x', 'actor'],
    ['organization=acme&organization=globex', 'organization'],
  ])('rejects "%s", naming %s', async (query, field) => {
    const response = await get(query, { cookie: auditorCookie });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; field: string; message: string };
    expect(body).toMatchObject({ error: 'BAD_USER_INPUT', field });
    expect(body.message).toContain(`"${field}`);
  });

  it.each([
    ['organization=ac%00me', 'organization'],
    ['organization=acme&actorId=a%00b', 'actorId'],
    ['organization=acme&targetType=Pol%00icy', 'targetType'],
    ['organization=acme&targetId=%00', 'targetId'],
    [`organization=acme&targetId=${'x'.repeat(201)}`, 'targetId'],
  ])('answers 400 before streaming for "%s", naming %s', async (query, field) => {
    const response = await get(query, { cookie: auditorCookie });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'BAD_USER_INPUT', field });
  });

  it('stops cleanly when the client goes away mid-stream, and keeps serving', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/audit/export?organization=acme`, {
      headers: { cookie: auditorCookie },
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await reader?.read().catch(() => {});
    const next = await get('organization=acme&actorId=actor-1', { cookie: auditorCookie });
    expect(next.status).toBe(200);
    expect((await next.text()).trimEnd().split('\n').length).toBe(rows.filter((row) => row.actor_id === 'actor-1').length);
  });
});
