import { type Principal, systemPrincipal } from '@governance/api/auth/principal';
// Verifying a chain hashes every event, so one caller must not be able to
// pin the API with it: an operation may ask for one expensive field however
// it is aliased or spread, a caller runs one verification at a time (across
// processes), a process runs a few at once, and the hashing happens on a
// worker thread, not on the thread that answers everyone else.

import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { createAuditVerifier } from '@governance/api/audit/audit-verifier';
import { ChainWalker } from '@governance/api/audit/chain';
import { loadConfig } from '@governance/api/config';
import { expensiveFieldLimitRule } from '@governance/api/graphql/expensive-fields';
import { schema } from '@governance/api/graphql/schema';
import { fixedClock } from '@governance/api/shared/clock';
import { parse, validate } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApi, type GraphQLResponse, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';
import { recordConcurrently, sampleEvent, seededRandom } from './fixtures.ts';

const NOW = '2026-11-22T04:00:00Z';
const clock = fixedClock(NOW);
const EVENTS = 400;

const VERIFY = 'query { verifyAuditChain(organization: "acme") { ok eventsChecked } }';
type Verify = { verifyAuditChain: { ok: boolean; eventsChecked: number } | null };

describe('bounded audit chain verification', () => {
  let database: TestDatabase;
  let api: TestApi;
  let acme: string;
  /** A caller who may read acme's trail: an audit:read token of that id. */
  const auditReader = (id: string): Principal => ({
    kind: 'token',
    tokenId: id,
    name: id,
    organizationId: acme,
    scopes: new Set(['audit:read']),
  });
  let auditor: string;
  let otherAuditor: string;
  let siteAdmin: string;
  let auditToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    acme = await createOrganization(database.db, 'acme');
    const random = seededRandom(11);
    await recordConcurrently(
      database.db,
      Array.from({ length: EVENTS }, (_, index) => sampleEvent(acme, index, clock.now(), random)),
      4,
    );
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'auditor@acme.test', { organization: 'acme', role: 'AUDITOR' });
    await createStaff(database, 'second-auditor@acme.test', { organization: 'acme', role: 'AUDITOR' });
    await createStaff(database, 'root@site.test', 'site-admin');
    const admin = await signIn(api, 'admin@acme.test');
    auditor = await signIn(api, 'auditor@acme.test');
    otherAuditor = await signIn(api, 'second-auditor@acme.test');
    siteAdmin = await signIn(api, 'root@site.test');
    auditToken = await createToken(api, admin, 'acme', ['AUDIT_READ']);
  });
  afterAll(() => database.drop());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('one expensive field per operation', () => {
    it.each([
      ['two aliases', '{ a: verifyAuditChain(organization: "acme") { ok } b: verifyAuditChain(organization: "acme") { ok } }', 'auditor'],
      [
        'one fragment spread twice',
        'query { ...v x: __typename ...v } fragment v on Query { verifyAuditChain(organization: "acme") { ok } }',
        'auditor',
      ],
      [
        'fragments nested in fragments, and inline fragments',
        'query { ...outer ... on Query { c: verifyAuditChain(organization: "acme") { ok } } } fragment outer on Query { ...inner } fragment inner on Query { verifyAuditChain(organization: "acme", from: 2) { ok } }',
        'auditor',
      ],
      ['two different expensive fields', '{ verifySiteAuditChain { ok } verifyAuditChain(organization: "acme") { ok } }', 'siteAdmin'],
      [
        'a verification and a dry run of the sweep',
        '{ retentionDryRun(organization: "acme") { at } verifyAuditChain(organization: "acme") { ok } }',
        'siteAdmin',
      ],
    ])('refuses %s before anything runs', async (_case, query, who) => {
      const verify = vi.spyOn(api.services.auditVerifier, 'verify');
      const response = await api.query(query, {}, { cookie: who === 'siteAdmin' ? siteAdmin : auditor });
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
      expect(response.errors?.[0]?.message).toMatch(/only 1 of verifyAuditChain/);
      expect(verify).not.toHaveBeenCalled();
    });

    it('judges a tower of fragments, each spreading the one below twice, without walking every path', () => {
      // graphql-armor's cost limit refuses such a document first in the API; the rule must not blow up on it either.
      const levels = 60;
      const fragments = Array.from({ length: levels }, (_, level) =>
        level === 0
          ? 'fragment f0 on Query { verifyAuditChain(organization: "acme") { ok } }'
          : `fragment f${level} on Query { ...f${level - 1} a${level}: __typename ...f${level - 1} }`,
      );
      const errors = validate(schema, parse(`query { ...f${levels - 1} } ${fragments.join(' ')}`), [expensiveFieldLimitRule]);
      expect(errors.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_EXPENSIVE']);
      const once = validate(schema, parse(`query { ...f0 } ${fragments[0]}`), [expensiveFieldLimitRule]);
      expect(once).toEqual([]);
    });

    it('answers an operation with one verification, and other fields beside it', async () => {
      const response = await api.query<Verify & { me: unknown }>(
        'query { me { user { email } } ...v } fragment v on Query { verifyAuditChain(organization: "acme") { ok eventsChecked } }',
        {},
        { cookie: auditor },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.verifyAuditChain).toEqual({ ok: true, eventsChecked: EVENTS });
    });
  });

  describe('one verification per caller at a time, a few per process', () => {
    const codesOf = (responses: GraphQLResponse<Verify>[]) =>
      responses.map((response) => response.errors?.[0]?.extensions?.code ?? (response.data?.verifyAuditChain?.ok ? 'OK' : 'FAILED')).sort();

    it('answers one of two verifications sent at once by the same auditor and refuses the other', async () => {
      const responses = await Promise.all([
        api.query<Verify>(VERIFY, {}, { cookie: auditor }),
        api.query<Verify>(VERIFY, {}, { cookie: auditor }),
      ]);
      expect(codesOf(responses)).toEqual(['OK', 'VERIFICATION_IN_PROGRESS']);
      const refused = responses.find((response) => response.errors)?.errors?.[0];
      expect(refused?.message).toMatch(/still running/);
      // Once it is done, the same auditor may verify again.
      expect((await api.query<Verify>(VERIFY, {}, { cookie: auditor })).data?.verifyAuditChain?.ok).toBe(true);
    });

    it('does the same for an AUDIT_READ token', async () => {
      const responses = await Promise.all([
        api.query<Verify>(VERIFY, {}, { token: auditToken }),
        api.query<Verify>(VERIFY, {}, { token: auditToken }),
      ]);
      expect(codesOf(responses)).toEqual(['OK', 'VERIFICATION_IN_PROGRESS']);
    });

    it('does not hold back another caller', async () => {
      const responses = await Promise.all([
        api.query<Verify>(VERIFY, {}, { cookie: auditor }),
        api.query<Verify>(VERIFY, {}, { cookie: otherAuditor }),
      ]);
      expect(codesOf(responses)).toEqual(['OK', 'OK']);
    });

    it('holds one caller to one verification across API processes (each with its own verifier)', async () => {
      const first = createAuditVerifier({ db: database.db, databaseUrl: database.url, keys: new Map() });
      const second = createAuditVerifier({ db: database.db, databaseUrl: database.url, keys: new Map() });
      const results = await Promise.allSettled([
        first.verify(auditReader('someone'), acme, { from: null, to: null }),
        second.verify(auditReader('someone'), acme, { from: null, to: null }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((result) => result.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'VERIFICATION_IN_PROGRESS' });
    });

    it('runs at most AUDIT_VERIFY_CONCURRENCY verifications at once in a process, refusing more with RATE_LIMITED', async () => {
      const verifier = createAuditVerifier({ db: database.db, databaseUrl: database.url, keys: new Map(), concurrency: 1 });
      const results = await Promise.allSettled([
        verifier.verify(auditReader('one'), acme, { from: null, to: null }),
        verifier.verify(auditReader('two'), acme, { from: null, to: null }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED' });
      // The slot is free again once the first is done.
      await expect(verifier.verify(auditReader('two'), acme, { from: null, to: null })).resolves.toMatchObject({ ok: true });
    });
  });

  describe('off the request thread', () => {
    it('hashes the chain on a worker thread: the request thread checks no event, and answers a public query meanwhile', async () => {
      const checkedHere = vi.spyOn(ChainWalker.prototype, 'check');
      let verified = false;
      const verification = api.query<Verify>(VERIFY, {}, { cookie: auditor }).then((response) => {
        verified = true;
        return response;
      });
      const publicQuery = await api.query<{ organizations: { slug: string }[] }>('{ organizations { slug } }');
      expect(publicQuery.data?.organizations.map((organization) => organization.slug)).toContain('acme');
      expect(verified).toBe(false);
      const response = await verification;
      expect(response.data?.verifyAuditChain).toEqual({ ok: true, eventsChecked: EVENTS });
      expect(checkedHere).not.toHaveBeenCalled();
      // Unit files share their modules (isolate: false in vitest.config.ts): leave the class as it was.
      checkedHere.mockRestore();
    });
  });
});

describe('AUDIT_VERIFY_CONCURRENCY', () => {
  it('defaults to 2 verifications per process and takes 1 to 16', () => {
    expect(loadConfig({}).auditVerifyConcurrency).toBe(2);
    expect(loadConfig({ AUDIT_VERIFY_CONCURRENCY: '4' }).auditVerifyConcurrency).toBe(4);
    for (const bad of ['0', '17', 'many']) expect(() => loadConfig({ AUDIT_VERIFY_CONCURRENCY: bad })).toThrow(/AUDIT_VERIFY_CONCURRENCY/);
  });
});
