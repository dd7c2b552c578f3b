// The audit trail reads like a record: each event names who acted and what
// it is about as a reader recognises them (a member's name, a request's
// reference, a policy's title and version), resolved through the owning
// domains for the organization's own readers, and never another's.

import type { AuditAction } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const NOW = '2026-11-22T04:00:00Z';
const clock = fixedClock(NOW);

const EVENTS = `
  query ($organization: String!) {
    auditEvents(organization: $organization, first: 50) {
      edges { node { action actor { type id label } actorName target { type id } targetLabel } }
    }
  }`;

interface Node {
  action: string;
  actor: { type: string; id: string | null; label: string | null };
  actorName: string | null;
  target: { type: string; id: string } | null;
  targetLabel: string | null;
}

describe('names on the audit trail', () => {
  let database: TestDatabase;
  let api: TestApi;
  let acme: string;
  let globexAdminId: string;
  let admin: string;
  let auditor: string;
  let reference: string;
  let versionId: string;

  async function events(credentials: { cookie?: string; token?: string }): Promise<Node[]> {
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    const response = await api.query<{ auditEvents: { edges: { node: Node }[] } }>(EVENTS, { organization: 'acme' }, credentials);
    expect(response.errors).toBeUndefined();
    return response.data?.auditEvents.edges.map((edge) => edge.node) ?? [];
  }

  const record = (action: string, target: { type: string; id: string }) =>
    database.db.transaction().execute((trx) =>
      recordAuditEvent(trx, {
        organizationId: acme,
        actor: { type: 'SYSTEM', id: null, label: 'test' },
        action: action as AuditAction,
        target,
        metadata: {},
        occurredAt: new Date(NOW),
      }),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    acme = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    await createStaff(database, 'acme-admin@example.com', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'acme-auditor@example.com', { organization: 'acme', role: 'AUDITOR' });
    globexAdminId = await createStaff(database, 'globex-admin@example.com', { organization: 'globex', role: 'ADMIN' });
    admin = await signIn(api, 'acme-admin@example.com');
    auditor = await signIn(api, 'acme-auditor@example.com');

    const invited = await api.query(
      'mutation { createOrganizationUser(organization: "acme", email: "pat@example.com", name: "Pat Person", role: VIEWER) { member { id } } }',
      {},
      { cookie: admin },
    );
    expect(invited.errors).toBeUndefined();
    await createToken(api, admin, 'acme', ['AUDIT_READ']);
    const setting = await api.query(
      `mutation { updateRetentionSetting(input: { organization: "acme", category: "support-tickets", description: "Tickets.", period: "P1Y",
         trigger: "ticket closed", action: DELETE, legalBasis: "Legitimate interest.", public: true, expectedVersion: 0 }, reason: "Agreed.") { id } }`,
      {},
      { cookie: admin },
    );
    expect(setting.errors).toBeUndefined();
    reference = (await submitForTest(api, { organization: 'acme' })).reference;

    const policy = await database.db
      .insertInto('policy')
      .values({ organization_id: acme, slug: 'privacy', title: 'Privacy Policy' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await database.db
      .insertInto('policy_version')
      .values({
        policy_id: policy.id,
        version: '2.0',
        title: 'Privacy Policy',
        effective_at: new Date('2026-01-01T00:00:00Z'),
        published_at: new Date('2026-01-01T00:00:00Z'),
        summary: 'Second',
        material: false,
        body: 'Text\n',
        html: '<p>Text</p>',
        sha256: 'a'.repeat(64),
        sections: '[]',
        source_path: 'policies/acme/privacy/2.0.md',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    versionId = version.id;
    await record('policy.created', { type: 'Policy', id: policy.id });
    await record('policy.version_published', { type: 'PolicyVersion', id: version.id });
    // What another organization's person, or an id that is no id at all, must not reveal or break.
    await record('member.role_changed', { type: 'User', id: globexAdminId });
    await record('member.disabled', { type: 'User', id: 'not-a-uuid' });
  });
  afterAll(() => database.drop());

  it('names the acting member and the member an event is about, as the organization lists them', async () => {
    const added = (await events({ cookie: auditor })).find((event) => event.action === 'member.added');
    expect(added).toMatchObject({ actor: { label: 'acme-admin@example.com' }, actorName: 'acme-admin', targetLabel: 'Pat Person' });
  });

  it('labels a deletion request by its reference, a token by its name and a retention setting by category and version', async () => {
    const trail = await events({ cookie: auditor });
    expect(trail.find((event) => event.action === 'deletion_request.submitted')?.targetLabel).toBe(reference);
    expect(trail.find((event) => event.action === 'api_token.created')?.targetLabel).toBe('token for AUDIT_READ');
    expect(trail.find((event) => event.action === 'retention.setting_updated')?.targetLabel).toBe('support-tickets, version 1');
  });

  it("labels a policy by its title and a version by the policy's title and version number", async () => {
    const trail = await events({ cookie: auditor });
    expect(trail.find((event) => event.action === 'policy.created')?.targetLabel).toBe('Privacy Policy');
    expect(trail.find((event) => event.target?.id === versionId)?.targetLabel).toBe('Privacy Policy 2.0');
  });

  it('names nobody outside the organization, and a malformed id gets no label rather than an error', async () => {
    const trail = await events({ cookie: auditor });
    expect(trail.find((event) => event.target?.id === globexAdminId)?.targetLabel).toBeNull();
    expect(trail.find((event) => event.target?.id === 'not-a-uuid')?.targetLabel).toBeNull();
    expect(trail.find((event) => event.action === 'policy.created')?.actorName).toBeNull();
  });

  it('gives an audit-reading API token the same names', async () => {
    const token = await createToken(api, admin, 'acme', ['AUDIT_READ']);
    const trail = await events({ token });
    expect(trail.find((event) => event.action === 'member.added')?.targetLabel).toBe('Pat Person');
  });
});

describe('choosing whose events to read', () => {
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, NOW);
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    await createStaff(database, 'acme-admin@example.com', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'acme-auditor@example.com', { organization: 'acme', role: 'AUDITOR' });
    await createStaff(database, 'globex-admin@example.com', { organization: 'globex', role: 'ADMIN' });
  });
  afterAll(() => database.drop());

  const MEMBERS = 'query ($organization: String!) { auditTrailMembers(organization: $organization) { id name } }';

  it("lists the organization's members by name and id for an auditor, who cannot list users otherwise", async () => {
    const auditor = await signIn(api, 'acme-auditor@example.com');
    const response = await api.query<{ auditTrailMembers: { id: string; name: string }[] }>(
      MEMBERS,
      { organization: 'acme' },
      { cookie: auditor },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.auditTrailMembers.map((member) => member.name)).toEqual(['acme-admin', 'acme-auditor']);
    expect(response.data?.auditTrailMembers.every((member) => /^[0-9a-f-]{36}$/.test(member.id))).toBe(true);
  });

  it("is refused for another organization's members", async () => {
    const auditor = await signIn(api, 'acme-auditor@example.com');
    const response = await api.query(MEMBERS, { organization: 'globex' }, { cookie: auditor });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
