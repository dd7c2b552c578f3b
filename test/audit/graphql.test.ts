// auditEvents and verifyAuditChain through the real GraphQL stack, as
// auditors, other roles, tokens and other organizations see them.

import type { AuditAction } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import type { AuditEventInput } from '@governance/api/audit/models';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import type { AuditEventRow } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResponse, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';
import { seededRandom } from './fixtures.ts';

const NOW = '2026-11-22T04:00:00Z';
const clock = fixedClock(NOW);

const EVENTS_QUERY = `
  query ($organization: String!, $filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(organization: $organization, filter: $filter, first: $first, after: $after) {
      edges { cursor node { seq occurredAt action actor { type id label } target { type id } metadata prevHash hash } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const VERIFY_QUERY = `
  query ($organization: String!, $from: Int, $to: Int) {
    verifyAuditChain(organization: $organization, from: $from, to: $to) { ok eventsChecked firstBadSeq reason sealedThrough }
  }`;

interface EventsData {
  auditEvents: {
    edges: {
      cursor: string;
      node: {
        seq: number;
        action: string;
        actor: { id: string | null };
        target: { type: string; id: string } | null;
        hash: string;
        occurredAt: string;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('the audit trail through GraphQL', () => {
  let database: TestDatabase;
  let api: TestApi;
  let acme: string;
  let globex: string;
  const as: Record<string, { cookie?: string; token?: string }> = {};
  let acmeRows: AuditEventRow[];

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    acme = await createOrganization(database.db, 'acme');
    globex = await createOrganization(database.db, 'globex');
    const staff = [
      ['acme-admin@example.com', 'acme', 'ADMIN'],
      ['acme-auditor@example.com', 'acme', 'AUDITOR'],
      ['acme-viewer@example.com', 'acme', 'VIEWER'],
      ['acme-officer@example.com', 'acme', 'PRIVACY_OFFICER'],
      ['globex-admin@example.com', 'globex', 'ADMIN'],
      ['globex-auditor@example.com', 'globex', 'AUDITOR'],
    ] as const;
    for (const [email, organization, role] of staff) {
      await createStaff(database, email, { organization, role });
      as[email] = { cookie: await signIn(api, email) };
    }
    as.acmeAuditToken = { token: await createToken(api, as['acme-admin@example.com']?.cookie ?? '', 'acme', ['AUDIT_READ']) };
    as.acmePolicyToken = { token: await createToken(api, as['acme-admin@example.com']?.cookie ?? '', 'acme', ['POLICIES_READ']) };
    as.globexAuditToken = { token: await createToken(api, as['globex-admin@example.com']?.cookie ?? '', 'globex', ['AUDIT_READ']) };
    as.anonymous = {};

    // A trail with enough variety to filter: 150 events in acme, 20 in globex.
    const random = seededRandom(4);
    // Names as stored: the trail keeps whatever an earlier release recorded
    // (names from before a rename, and names no registry lists), so filters must.
    const actions = [
      'policy.created',
      'policy.version.published',
      'policyholder.notified',
      'auth.login.failed',
      'retention.setting.changed',
    ] as AuditAction[];
    const event = (organizationId: string, index: number): AuditEventInput => ({
      organizationId,
      actor: { type: 'USER', id: `user-${index % 4}`, label: `user${index % 4}@example.com` },
      action: actions[Math.floor(random() * actions.length)] ?? 'policy.created',
      target: { type: index % 2 ? 'Policy' : 'PolicyVersion', id: `t-${index % 5}` },
      metadata: { index },
      occurredAt: new Date(Date.parse('2026-11-01T00:00:00Z') + index * 3_600_000),
    });
    for (let index = 0; index < 150; index++) await database.db.transaction().execute((trx) => recordAuditEvent(trx, event(acme, index)));
    for (let index = 0; index < 20; index++) await database.db.transaction().execute((trx) => recordAuditEvent(trx, event(globex, index)));
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    acmeRows = await database.db.selectFrom('audit_event').selectAll().where('chain', '=', acme).orderBy('seq', 'desc').execute();
  });
  afterAll(() => database.drop());

  async function allPages(credentials: { cookie?: string; token?: string }, filter: Record<string, unknown> | null, first: number) {
    const seen: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const response: GraphQLResponse<EventsData> = await api.query<EventsData>(
        EVENTS_QUERY,
        { organization: 'acme', filter, first, after },
        credentials,
      );
      expect(response.errors).toBeUndefined();
      const connection: EventsData['auditEvents'] | undefined = response.data?.auditEvents;
      if (!connection) throw new Error('no data');
      expect(connection.edges.length).toBeLessThanOrEqual(first);
      seen.push(...connection.edges.map((edge) => edge.node.seq));
      expect(connection.edges.map((edge) => edge.cursor)).toEqual(connection.edges.map((edge) => String(edge.node.seq)));
      if (!connection.pageInfo.hasNextPage) return seen;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('pages through every event of the organization, newest first, by seq', async () => {
    const seqs = await allPages(as['acme-auditor@example.com'] ?? {}, null, 50);
    const expected = acmeRows.map((row) => Number(row.seq));
    // Sign-ins and token creation recorded events of their own: all of them are there, in order.
    expect(seqs.slice(0, expected.length)).toEqual(expected.filter((seq) => seq <= Math.max(...seqs)));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs.at(-1)).toBe(1);
  });

  it.each([
    ['action prefix', { action: 'policy' }, (row: AuditEventRow) => row.action === 'policy' || row.action.startsWith('policy.')],
    ['exact action', { action: 'policy.version.published' }, (row: AuditEventRow) => row.action === 'policy.version.published'],
    ['actor', { actorId: 'user-1' }, (row: AuditEventRow) => row.actor_id === 'user-1'],
    ['target', { targetType: 'Policy', targetId: 't-3' }, (row: AuditEventRow) => row.target_type === 'Policy' && row.target_id === 't-3'],
    [
      'time range',
      { from: '2026-11-02T00:00:00Z', to: '2026-11-03T12:00:00Z' },
      (row: AuditEventRow) => row.occurred_at >= '2026-11-02T00:00:00.000000Z' && row.occurred_at < '2026-11-03T12:00:00.000000Z',
    ],
    [
      'everything at once',
      { action: 'policy', actorId: 'user-2', targetType: 'PolicyVersion', from: '2026-11-01T10:00:00Z' },
      (row: AuditEventRow) =>
        row.action.startsWith('policy.') &&
        row.actor_id === 'user-2' &&
        row.target_type === 'PolicyVersion' &&
        row.occurred_at >= '2026-11-01T10:00:00.000000Z',
    ],
  ])('filters by %s, across pages', async (_name, filter, matches) => {
    const expected = acmeRows.filter(matches).map((row) => Number(row.seq));
    expect(expected.length).toBeGreaterThan(0);
    expect(await allPages(as.acmeAuditToken ?? {}, filter, 7)).toEqual(expected);
  });

  it('returns the events exactly as sealed', async () => {
    const response = await api.query<EventsData>(EVENTS_QUERY, { organization: 'acme', first: 1 }, as['acme-auditor@example.com']);
    const [edge] = response.data?.auditEvents.edges ?? [];
    const newest = acmeRows[0];
    expect(edge?.node).toMatchObject({
      seq: Number(newest?.seq),
      hash: newest?.hash,
      occurredAt: newest?.occurred_at,
      action: newest?.action,
    });
  });

  it.each([
    ['an auditor of another organization', 'globex-auditor@example.com', 'FORBIDDEN'],
    ['an admin of another organization', 'globex-admin@example.com', 'FORBIDDEN'],
    ['a viewer', 'acme-viewer@example.com', 'FORBIDDEN'],
    ['a privacy officer', 'acme-officer@example.com', 'FORBIDDEN'],
    ['a token of another organization', 'globexAuditToken', 'FORBIDDEN'],
    ['a token without audit:read', 'acmePolicyToken', 'FORBIDDEN'],
    ['nobody signed in', 'anonymous', 'UNAUTHENTICATED'],
  ])('refuses %s, for both fields', async (_who, key, code) => {
    for (const [query, field] of [
      [EVENTS_QUERY, 'auditEvents'],
      [VERIFY_QUERY, 'verifyAuditChain'],
    ] as const) {
      const response = await api.query(query, { organization: 'acme' }, as[key]);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([[field, code]]);
    }
  });

  it('answers an unknown organization exactly as a forbidden one', async () => {
    const forbidden = await api.query(EVENTS_QUERY, { organization: 'globex' }, as['acme-auditor@example.com']);
    const unknown = await api.query(EVENTS_QUERY, { organization: 'nobody' }, as['acme-auditor@example.com']);
    expect(unknown.errors).toEqual(forbidden.errors);
    expect(unknown.data).toEqual(forbidden.data);
  });

  it('gives each organization its own events only', async () => {
    const response = await api.query<EventsData>(EVENTS_QUERY, { organization: 'globex', first: 100 }, as.globexAuditToken);
    const hashes = new Set(acmeRows.map((row) => row.hash));
    const globexRows = await database.db.selectFrom('audit_event').select('hash').where('chain', '=', globex).execute();
    const edges = response.data?.auditEvents.edges ?? [];
    expect(edges.length).toBeGreaterThanOrEqual(20);
    expect(edges.every((edge) => !hashes.has(edge.node.hash))).toBe(true);
    expect(new Set(edges.map((edge) => edge.node.hash))).toEqual(new Set(globexRows.map((row) => row.hash)));
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ after: 'abc' }, 'after'],
    [{ after: '-5' }, 'after'],
    [{ filter: { action: 'Policy.Created' } }, 'filter.action'],
  ])('rejects bad input %j naming the field', async (variables, field) => {
    const response = await api.query(EVENTS_QUERY, { organization: 'acme', ...variables }, as['acme-auditor@example.com']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects paging backwards', async () => {
    const response = await api.query(
      'query { auditEvents(organization: "acme", last: 5) { edges { cursor } } }',
      {},
      as['acme-auditor@example.com'],
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });

  it('verifies the chain, whole or a range', async () => {
    const head = Number(acmeRows[0]?.seq);
    const whole = await api.query(VERIFY_QUERY, { organization: 'acme' }, as['acme-auditor@example.com']);
    expect(whole.data?.verifyAuditChain).toEqual({ ok: true, eventsChecked: head, firstBadSeq: null, reason: null, sealedThrough: head });
    const range = await api.query(VERIFY_QUERY, { organization: 'acme', from: 10, to: 19 }, as.acmeAuditToken);
    expect(range.data?.verifyAuditChain).toMatchObject({ ok: true, eventsChecked: 10, sealedThrough: head });
    const bad = await api.query(VERIFY_QUERY, { organization: 'acme', from: 0 }, as.acmeAuditToken);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  // Last: it leaves the chain tampered with.
  it('reports the first bad seq after the superuser edits an event', async () => {
    await database.owner.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger user`.execute(trx);
      await sql`update audit_event set actor_label = 'nobody' where chain = ${acme} and seq = 42`.execute(trx);
      await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
      await sql`alter table audit_event enable always trigger audit_event_no_truncate`.execute(trx);
    });
    const response = await api.query(VERIFY_QUERY, { organization: 'acme' }, as['acme-auditor@example.com']);
    expect(response.data?.verifyAuditChain).toMatchObject({
      ok: false,
      eventsChecked: 41,
      firstBadSeq: 42,
      reason: expect.stringContaining('42'),
    });
  });
});
