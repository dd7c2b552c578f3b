// Sign-ins belong to no organization: they go to the site's chain, which
// site administrators read and verify.

import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';

const NOW = '2026-11-22T04:00:00.000Z';

describe('the site audit chain', () => {
  let database: TestDatabase;
  let api: TestApi;
  let siteAdmin: string;
  let orgAdmin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createStaff(database, 'root@site.test', 'site-admin');
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    api = createTestApi(database, NOW);
    await api.query('mutation { login(email: "admin@acme.test", password: "not it at all") { id } }');
    siteAdmin = await signIn(api, 'root@site.test');
    orgAdmin = await signIn(api, 'admin@acme.test');
    await sealPending({ db: database.db, clock: fixedClock(NOW) }, systemPrincipal('test'));
  });
  afterAll(() => database.drop());

  it('shows site administrators the sign-ins, failed ones included', async () => {
    const { data } = await api.query<{ siteAuditEvents: { edges: { node: { action: string; actor: { label: string } } }[] } }>(
      '{ siteAuditEvents(first: 10) { edges { node { action actor { label } } } } }',
      {},
      { cookie: siteAdmin },
    );
    const events = data?.siteAuditEvents.edges.map((edge) => `${edge.node.action} ${edge.node.actor.label}`);
    expect(events).toEqual(expect.arrayContaining(['auth.login_failed admin@acme.test', 'auth.login_succeeded root@site.test']));
  });

  it('verifies the site chain', async () => {
    const { data } = await api.query('{ verifySiteAuditChain { ok eventsChecked } }', {}, { cookie: siteAdmin });
    expect(data).toEqual({ verifySiteAuditChain: { ok: true, eventsChecked: expect.any(Number) } });
  });

  it('is closed to an organization admin', async () => {
    const response = await api.query('{ siteAuditEvents(first: 10) { edges { cursor } } }', {}, { cookie: orgAdmin });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
