// The audit trail's own retention is guarded: only admins change it, never
// below AUDIT_RETENTION_FLOOR (one year by default), and the sweep holds a
// shorter setting that reached the database some other way to the floor.
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { loadConfig } from '@governance/api/config';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { loadInitialSettings } from '@governance/api/retention/retention.service';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { fixedClock } from '@governance/api/shared/clock';
import type { Db } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies } from '../helpers/policy-files.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { setSetting } from './fixtures.ts';

/** The sweep acts for the system, as the job and the command do. */
const AS_SYSTEM = systemPrincipal('test');

const NOW = '2026-07-15T00:00:00.000Z';
const clock = fixedClock(NOW);
const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

const UPDATE = `mutation ($input: RetentionSettingInput!, $reason: String!) {
  updateRetentionSetting(input: $input, reason: $reason) { category version period }
}`;

const auditSetting = (period: string) => ({
  organization: 'acme',
  category: 'audit-events',
  description: 'The audit trail.',
  period,
  trigger: 'event recorded',
  action: 'DELETE',
  legalBasis: 'Accountability.',
  public: true,
});

type Update = { updateRetentionSetting: { category: string; version: number; period: string } };

describe('who may change the audit trail’s retention, and how short', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;
  let admin: string;
  let siteAdmin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'root@site.test', 'site-admin');
    officer = await signIn(api, 'officer@acme.test');
    admin = await signIn(api, 'admin@acme.test');
    siteAdmin = await signIn(api, 'root@site.test');
  });
  afterAll(() => database.drop());

  const update = (cookie: string, input: Record<string, unknown>) =>
    api.query<Update>(UPDATE, { input, reason: 'Review of the schedule.' }, { cookie });

  it('refuses a privacy officer’s change of the audit-events setting, however long, and stores nothing', async () => {
    for (const period of ['P1D', 'P5Y', 'INDEFINITE']) {
      const response = await update(officer, { ...auditSetting(period), justification: 'Kept as proof.' });
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data?.updateRetentionSetting ?? null).toBeNull();
    }
    const stored = await database.db.selectFrom('retention_setting_version').select('id').where('category', '=', 'audit-events').execute();
    expect(stored).toEqual([]);
  });

  it('still lets a privacy officer change other categories', async () => {
    const response = await update(officer, { ...auditSetting('P30D'), category: 'customer-data', trigger: 'contract ended' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateRetentionSetting).toMatchObject({ category: 'customer-data', period: 'P30D' });
  });

  it('refuses an admin’s audit-events period below the floor as bad input naming the period', async () => {
    // Compared by the calendar at now: P364D and PT8759H fall just short of 2025-07-15 to 2026-07-15.
    for (const period of ['P1D', 'P3M', 'P11M', 'P364D', 'PT8759H']) {
      const response = await update(admin, auditSetting(period));
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
      expect(response.errors?.[0]?.message).toContain(DEFAULT_AUDIT_RETENTION_FLOOR);
    }
    const stored = await database.db.selectFrom('retention_setting_version').select('id').where('category', '=', 'audit-events').execute();
    expect(stored).toEqual([]);
  });

  it('accepts an admin’s audit-events period at or above the floor, and a site admin’s', async () => {
    const atFloor = await update(admin, auditSetting('P1Y'));
    expect(atFloor.errors).toBeUndefined();
    expect(atFloor.data?.updateRetentionSetting).toMatchObject({ category: 'audit-events', version: 1, period: 'P1Y' });
    const sameLength = await update(admin, auditSetting('P12M'));
    expect(sameLength.data?.updateRetentionSetting).toMatchObject({ version: 2, period: 'P12M' });
    const longer = await update(siteAdmin, auditSetting('P7Y'));
    expect(longer.data?.updateRetentionSetting).toMatchObject({ version: 3, period: 'P7Y' });
  });
});

describe('the initial settings file and the floor', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
  });
  afterAll(() => database.drop());

  it('refuses an audit-events period below the floor in policies/<org>/retention.yaml, naming the file, and loads nothing', async () => {
    const deps = { db: database.db, clock, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR };
    const { organization: _organization, ...setting } = auditSetting('P30D');
    await expect(
      loadInitialSettings(deps, 'acme', [setting], 'policies/acme/retention.yaml', { type: 'SYSTEM', id: null, label: 'policy sync' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'period', message: expect.stringContaining('policies/acme/retention.yaml') });
    expect(await database.db.selectFrom('retention_setting_version').select('id').execute()).toEqual([]);
  });
});

describe('pnpm policies:check and the floor', () => {
  it('exits 1 for an audit-events period below AUDIT_RETENTION_FLOOR in retention.yaml, and 0 once the floor allows it', async () => {
    const root = await copyOfPolicies();
    const file = path.join(root, 'leenops/retention.yaml');
    const text = await readFile(file, 'utf8');
    const start = text.indexOf('  - category: audit-events');
    const block = text.slice(start, text.indexOf('  - category:', start + 1));
    const shortened = block.replace('period: INDEFINITE', 'period: P30D').replace(/ {4}justification: .*\n/, '');
    await writeFile(file, text.replace(block, shortened));
    const refused = await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/leenops\/retention\.yaml: settings\.\d+\.period: the audit trail must be kept for at least P1Y/);
    const allowed = await runCli('policies-check', [], { POLICIES_DIR: root, AUDIT_RETENTION_FLOOR: 'P30D' });
    expect(allowed.code).toBe(0);
  });
});

describe('AUDIT_RETENTION_FLOOR', () => {
  it('defaults to one year, takes an ISO-8601 duration, and refuses anything else', () => {
    expect(loadConfig({}).auditRetentionFloor).toBe('P1Y');
    expect(loadConfig({ AUDIT_RETENTION_FLOOR: 'P2Y6M' }).auditRetentionFloor).toBe('P2Y6M');
    for (const bad of ['one year', 'INDEFINITE', 'P0D', '']) {
      expect(() => loadConfig({ AUDIT_RETENTION_FLOOR: bad })).toThrow(/AUDIT_RETENTION_FLOOR/);
    }
  });
});

async function record(db: Db, organizationId: string, occurredAt: string) {
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, {
      organizationId,
      actor: { type: 'SYSTEM', id: null, label: 'system' },
      action: 'policy.version_published',
      metadata: {},
      occurredAt: new Date(occurredAt),
    }),
  );
}

describe('the sweep with an audit-events setting below the floor', () => {
  let database: TestDatabase;
  let acme: string;
  const occurred = (db: Db) =>
    db
      .selectFrom('audit_event')
      .select('occurred_at')
      .where('chain', '=', acme)
      .where('action', '=', 'policy.version_published')
      .orderBy('seq')
      .execute()
      .then((rows) => rows.map((row) => row.occurred_at.slice(0, 10)));

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    for (const at of [
      '2025-01-10T00:00:00Z',
      '2025-05-20T00:00:00Z',
      '2025-09-01T00:00:00Z',
      '2026-03-01T00:00:00Z',
      '2026-07-01T00:00:00Z',
    ]) {
      await record(database.db, acme, at);
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    // Written by the database owner straight into the table, past every check of the API.
    await setSetting(database.owner, acme, 'audit-events', 'P1D');
  });
  afterAll(() => database.drop());

  it('purges nothing younger than the floor, and records the floor it applied instead of the setting', async () => {
    const deps = { db: database.db, clock, signingKey: key, auditRetentionFloor: 'P1Y' };
    const preview = await sweepOrganization(deps, AS_SYSTEM, 'acme', { dryRun: true, startedBy: 'cli' });
    expect(preview.outcomes.find((outcome) => outcome.category === 'audit-events')).toMatchObject({
      period: 'P1Y',
      cutoff: new Date('2025-07-15T00:00:00.000Z'),
    });
    const result = await sweepOrganization(deps, AS_SYSTEM, 'acme', { dryRun: false, startedBy: 'job' });
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    // The floor's cutoff is 2025-07-15: whole months before July 2025 may go, nothing after.
    expect(await occurred(database.db)).toEqual(['2025-09-01', '2026-03-01', '2026-07-01']);
    expect(result.outcomes.find((outcome) => outcome.category === 'audit-events')).toMatchObject({ period: 'P1Y', count: 2 });
    const swept = await database.db
      .selectFrom('audit_event')
      .select('metadata')
      .where('chain', '=', acme)
      .where('action', '=', 'retention.swept')
      .execute();
    const auditSweep = swept.map((row) => JSON.parse(row.metadata)).find((metadata) => metadata.category === 'audit-events');
    expect(auditSweep).toMatchObject({ period: 'P1Y', settingBelowFloor: 'P1D', cutoff: '2025-07-15T00:00:00.000Z' });
  });

  it('holds a run recorded with a cutoff below the floor (by an older version) to the floor when it resumes', async () => {
    const globex = await createOrganization(database.db, 'globex');
    for (const at of ['2025-01-10T00:00:00Z', '2026-03-01T00:00:00Z', '2026-07-01T00:00:00Z']) await record(database.db, globex, at);
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await setSetting(database.owner, globex, 'audit-events', 'P1D');
    const startedAt = new Date('2026-07-14T23:00:00.000Z');
    const recorded = {
      'audit-events': { rule: 'purge-whole-audit-months', period: 'P1D', cutoff: '2026-07-13T23:00:00.000Z', count: 0, done: false },
    };
    await sql`insert into retention_run (organization_id, started_at, started_by, rules)
      values (${globex}, ${startedAt}, 'job', ${JSON.stringify(recorded)}::jsonb)`.execute(database.owner);
    await sweepOrganization({ db: database.db, clock, signingKey: key, auditRetentionFloor: 'P1Y' }, AS_SYSTEM, 'globex', {
      dryRun: false,
      startedBy: 'job',
    });
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    const left = await database.db
      .selectFrom('audit_event')
      .select('occurred_at')
      .where('chain', '=', globex)
      .where('action', '=', 'policy.version_published')
      .orderBy('seq')
      .execute();
    expect(left.map((row) => row.occurred_at.slice(0, 10))).toEqual(['2026-03-01', '2026-07-01']);
    const run = await database.db
      .selectFrom('retention_run')
      .select('rules')
      .where('organization_id', '=', globex)
      .executeTakeFirstOrThrow();
    // The floor counted from the run's own start.
    expect(run.rules['audit-events']).toMatchObject({ period: 'P1Y', cutoff: '2025-07-14T23:00:00.000Z', done: true });
  });
});
