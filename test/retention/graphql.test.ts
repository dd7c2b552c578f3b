import { systemPrincipal } from '@governance/api/auth/principal';
// Retention through the API: the public schedule, settings and their
// versions for staff, changes with their reason and audit event, input
// checks naming the field, and past sweeps in keyset pages. The portal's
// build-time snapshot has exactly the schedule's shape.

import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { loadInitialSettings } from '@governance/api/retention/retention.service';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

/** The sweep acts for the system, as the job and the command do. */
const AS_SYSTEM = systemPrincipal('test');

const SCHEDULE = `query ($organization: String!, $at: DateTime) {
  retentionSchedule(organization: $organization, at: $at) {
    organization organizationName at
    entries { category description period periodDescription justification trigger action legalBasis version since enforcement { enforced rule note } }
  }
}`;

const UPDATE = `mutation ($input: RetentionSettingInput!, $reason: String!) {
  updateRetentionSetting(input: $input, reason: $reason) { category version period public changedBy reason changedAt }
}`;

const HISTORY = `query ($category: String!) {
  retentionHistory(organization: "acme", category: $category) { version period changedBy reason }
}`;

const INITIAL = [
  {
    category: 'staff-sessions',
    description: 'Staff sign-in sessions.',
    period: 'P90D',
    trigger: 'session ended',
    action: 'DELETE',
    legalBasis: 'Legitimate interest.',
    public: false,
  },
  {
    category: 'deletion-request-personal-data',
    description: 'Personal data given with a deletion request.',
    period: 'P24M',
    trigger: 'request closed',
    action: 'ANONYMIZE',
    legalBasis: 'Accountability.',
    public: true,
  },
  {
    category: 'customer-data',
    description: 'Customer data.',
    period: 'P30D',
    trigger: 'contract terminated',
    action: 'DELETE',
    legalBasis: 'Contract.',
    public: true,
  },
];

const setting = (overrides: Record<string, unknown> = {}) => ({
  organization: 'acme',
  category: 'customer-data',
  description: 'Customer data.',
  period: 'P60D',
  trigger: 'contract terminated',
  action: 'DELETE',
  legalBasis: 'Contract.',
  public: true,
  ...overrides,
});

describe('retention through the API', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-11-01T09:00:00.000Z');
  let officer: string;
  let viewer: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    api = createTestApi(database, clock);
    await loadInitialSettings(
      { db: database.db, clock, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR },
      'acme',
      INITIAL,
      'policies/acme/retention.yaml',
      {
        type: 'SYSTEM',
        id: null,
        label: 'policy sync',
      },
    );
    clock.advance(60 * 60_000);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    officer = await signIn(api, 'officer@acme.test');
    viewer = await signIn(api, 'viewer@acme.test');
  });
  afterAll(() => database.drop());

  it('publishes the public settings to anyone, with what enforces each', async () => {
    const response = await api.query<{ retentionSchedule: { entries: Record<string, unknown>[] } }>(SCHEDULE, { organization: 'acme' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.retentionSchedule).toMatchObject({
      organization: 'acme',
      organizationName: 'ACME',
      at: '2026-11-01T10:00:00.000Z',
    });
    expect(response.data?.retentionSchedule.entries).toEqual([
      {
        category: 'customer-data',
        description: 'Customer data.',
        period: 'P30D',
        periodDescription: '30 days',
        justification: null,
        trigger: 'contract terminated',
        action: 'DELETE',
        legalBasis: 'Contract.',
        version: 1,
        since: '2026-11-01T09:00:00.000Z',
        enforcement: { enforced: false, rule: null, note: 'not enforced by this system' },
      },
      expect.objectContaining({
        category: 'deletion-request-personal-data',
        periodDescription: '24 months',
        enforcement: expect.objectContaining({ enforced: true, rule: 'erase-closed-request-personal-data' }),
      }),
    ]);
    expect((await api.query(SCHEDULE, { organization: 'nobody' })).data).toEqual({ retentionSchedule: null });
  });

  it('loads a settings file only for an organization that has no settings', async () => {
    const again = await loadInitialSettings(
      { db: database.db, clock, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR },
      'acme',
      INITIAL,
      'policies/acme/retention.yaml',
      {
        type: 'SYSTEM',
        id: null,
        label: 'policy sync',
      },
    );
    expect(again).toEqual({ organization: 'acme', loaded: false, count: 0 });
    const loaded = await database.db
      .selectFrom('audit_event_pending')
      .select('metadata')
      .where('action', '=', 'retention.settings_loaded')
      .execute();
    expect(loaded.map((row) => JSON.parse(row.metadata))).toEqual([
      { source: 'policies/acme/retention.yaml', categories: ['staff-sessions', 'deletion-request-personal-data', 'customer-data'] },
    ]);
  });

  it('a change makes a new version with who, when and why, audited, and the schedule follows', async () => {
    const before = clock.now().toISOString();
    clock.advance(60_000);
    const response = await api.query(
      UPDATE,
      { input: setting({ expectedVersion: 1 }), reason: 'Contract now says 60 days.' },
      { cookie: officer },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      updateRetentionSetting: {
        category: 'customer-data',
        version: 2,
        period: 'P60D',
        public: true,
        changedBy: 'officer',
        reason: 'Contract now says 60 days.',
        changedAt: '2026-11-01T10:01:00.000Z',
      },
    });
    expect((await api.query(HISTORY, { category: 'customer-data' }, { cookie: viewer })).data).toEqual({
      retentionHistory: [
        { version: 2, period: 'P60D', changedBy: 'officer', reason: 'Contract now says 60 days.' },
        { version: 1, period: 'P30D', changedBy: null, reason: 'Initial setting from policies/acme/retention.yaml' },
      ],
    });
    const audited = await database.db
      .selectFrom('audit_event_pending')
      .select(['metadata', 'actor_label'])
      .where('action', '=', 'retention.setting_updated')
      .execute();
    expect(audited.map((row) => ({ ...JSON.parse(row.metadata), by: row.actor_label }))).toEqual([
      { category: 'customer-data', version: 2, period: 'P60D', action: 'DELETE', public: true, enforced: false, by: 'officer@acme.test' },
    ]);
    const now = await api.query<{ retentionSchedule: { entries: { category: string; period: string }[] } }>(SCHEDULE, {
      organization: 'acme',
    });
    expect(now.data?.retentionSchedule.entries.find((entry) => entry.category === 'customer-data')?.period).toBe('P60D');
    const then = await api.query<{ retentionSchedule: { entries: { category: string; period: string }[] } }>(SCHEDULE, {
      organization: 'acme',
      at: before,
    });
    expect(then.data?.retentionSchedule.entries.find((entry) => entry.category === 'customer-data')?.period).toBe('P30D');
  });

  it('shows staff every setting, public or not', async () => {
    const response = await api.query<{ retentionSettings: { category: string; public: boolean }[] }>(
      '{ retentionSettings(organization: "acme") { category public version } }',
      {},
      { cookie: viewer },
    );
    expect(response.data?.retentionSettings).toEqual([
      { category: 'customer-data', public: true, version: 2 },
      { category: 'deletion-request-personal-data', public: true, version: 1 },
      { category: 'staff-sessions', public: false, version: 1 },
    ]);
  });

  it('lets a token with RETENTION_READ read settings, and nothing else do so', async () => {
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    const admin = await signIn(api, 'admin@acme.test');
    const reader = await createToken(api, admin, 'acme', ['RETENTION_READ']);
    const other = await createToken(api, admin, 'acme', ['POLICIES_READ']);
    const query = '{ retentionSettings(organization: "acme") { category } }';
    expect((await api.query(query, {}, { token: reader })).errors).toBeUndefined();
    expect((await api.query(query, {}, { token: other })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.query(UPDATE, { input: setting(), reason: 'x' }, { token: reader })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.query(UPDATE, { input: setting(), reason: 'x' }, { cookie: viewer })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it.each([
    [{ period: 'P30' }, 'period', /not an ISO-8601 duration/],
    [{ period: 'P0D' }, 'period', /must be longer than zero/],
    [{ period: 'INDEFINITE' }, 'justification', /kept indefinitely/],
    [{ category: 'Customer Data' }, 'category', /lower-case slug/],
    [{ category: 'staff-sessions', action: 'ANONYMIZE' }, 'action', /enforces staff-sessions with DELETE/],
    [{ trigger: '  ' }, 'trigger', /what starts the clock/],
    [{ expectedVersion: 1 }, 'expectedVersion', /at version 2, not 1/],
  ])('refuses %j, naming the field', async (overrides, field, message) => {
    const response = await api.query(UPDATE, { input: setting(overrides), reason: 'Testing.' }, { cookie: officer });
    expect(response.errors?.[0]?.extensions).toMatchObject({ field });
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a change without a reason', async () => {
    const response = await api.query(UPDATE, { input: setting(), reason: ' ' }, { cookie: officer });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('lists past sweeps newest first, in keyset pages', async () => {
    const deps = { db: database.db, clock, signingKey: null, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR };
    const started: string[] = [];
    for (let index = 0; index < 3; index++) {
      clock.advance(3_600_000);
      started.push(clock.now().toISOString());
      await sweepOrganization(deps, AS_SYSTEM, 'acme', { dryRun: false, startedBy: 'job' });
    }
    const RUNS = `query ($after: String) {
      retentionRuns(organization: "acme", first: 2, after: $after) {
        edges { cursor node { startedAt status startedBy rules { category rule period count done } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Runs = {
      retentionRuns: {
        edges: { node: { startedAt: string; rules: { category: string }[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    // Hours passed: a fresh session.
    const reader = await signIn(api, 'viewer@acme.test');
    const first = await api.query<Runs>(RUNS, {}, { cookie: reader });
    expect(first.data?.retentionRuns.edges.map((edge) => edge.node.startedAt)).toEqual([started[2], started[1]]);
    expect(first.data?.retentionRuns.pageInfo.hasNextPage).toBe(true);
    expect(first.data?.retentionRuns.edges[0]?.node.rules.map((rule) => rule.category)).toEqual([
      'unverified-deletion-requests',
      'deletion-request-personal-data',
      'unverified-subprocessor-objections',
      'subprocessor-objector-contacts',
      'privacy-request-packages',
      'staff-sessions',
      'mail-outbox',
      'change-subscribers',
      'api-tokens',
    ]);
    const second = await api.query<Runs>(RUNS, { after: first.data?.retentionRuns.pageInfo.endCursor }, { cookie: reader });
    expect(second.data?.retentionRuns.edges.map((edge) => edge.node.startedAt)).toEqual([started[0]]);
    expect(second.data?.retentionRuns.pageInfo.hasNextPage).toBe(false);
    const bad = await api.query(RUNS, { after: 'not-a-cursor' }, { cookie: reader });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('previews a sweep for staff who may run one, with the counts a real run then reports, changing nothing', async () => {
    const officerNow = await signIn(api, 'officer@acme.test');
    // One session that ended long ago is due under staff-sessions (P90D).
    const user = await database.db.selectFrom('app_user').select('id').where('email', '=', 'viewer@acme.test').executeTakeFirstOrThrow();
    await database.db
      .insertInto('user_session')
      .values({
        user_id: user.id,
        token_hash: 'f'.repeat(64),
        created_at: new Date('2025-01-01T00:00:00Z'),
        last_seen_at: new Date('2025-01-01T00:00:00Z'),
        idle_expires_at: new Date('2025-01-01T00:30:00Z'),
        absolute_expires_at: new Date('2025-01-01T12:00:00Z'),
        ended_at: null,
        ip: null,
        user_agent: null,
      })
      .execute();
    const DRY_RUN = '{ retentionDryRun(organization: "acme") { at rules { category status count } } }';
    type Preview = { retentionDryRun: { rules: { category: string; status: string; count: number }[] } };
    const preview = await api.query<Preview>(DRY_RUN, {}, { cookie: officerNow });
    const sessions = preview.data?.retentionDryRun.rules.find((rule) => rule.category === 'staff-sessions');
    expect(sessions?.count).toBeGreaterThanOrEqual(1);
    const runsBefore = await database.db.selectFrom('retention_run').select('id').execute();
    expect((await api.query<Preview>(DRY_RUN, {}, { cookie: officerNow })).data).toEqual(preview.data);
    expect(await database.db.selectFrom('retention_run').select('id').execute()).toEqual(runsBefore);
    const real = await sweepOrganization(
      { db: database.db, clock, signingKey: null, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR },
      AS_SYSTEM,
      'acme',
      { dryRun: false, startedBy: 'job' },
    );
    expect(real.outcomes.find((outcome) => outcome.category === 'staff-sessions')?.count).toBe(sessions?.count);
    expect((await api.query(DRY_RUN, {}, { cookie: await signIn(api, 'viewer@acme.test') })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});
