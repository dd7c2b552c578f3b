// policies/<org>/retention.yaml: checked with the other policy files (every
// problem on its line), and loaded as each organization's first settings by
// the sync, once: an organization that has settings keeps them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkAndSyncPolicies } from '@governance/api/cli/sync-policies';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { validateSetting } from '@governance/api/retention/retention.service';
import { BUILT_IN_RULES } from '@governance/api/retention/rules/index';
import { checkPolicies } from '@governance/policies/check';
import { formatProblem } from '@governance/policies/problems';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, POLICIES_DIR } from '../helpers/policy-files.ts';

const BROKEN = `settings:
  - category: staff-sessions
    description: Sessions.
    period: P90
    trigger: session ended
    action: DELETE
    legalBasis: Interest.
    public: false
  - category: customer-data
    description: Customer data.
    period: INDEFINITE
    action: REMOVE
    legalBasis: Contract.
    public: true
    colour: blue
  - category: staff-sessions
    description: Again.
    period: P0D
    trigger: session ended
    action: DELETE
    legalBasis: Interest.
    public: false
`;

describe('retention settings files', () => {
  it('the seed organizations each have one that lists every built-in category and that the API accepts', async () => {
    const checked = await checkPolicies(POLICIES_DIR);
    expect(checked.problems).toEqual([]);
    expect(checked.retention.map((file) => file.organization)).toEqual(['leandna', 'leenops', 'openleash']);
    for (const file of checked.retention) {
      const categories = file.data.settings.map((setting) => setting.category);
      expect(categories).toEqual(expect.arrayContaining(BUILT_IN_RULES.map((rule) => rule.category)));
      for (const setting of file.data.settings) expect(() => validateSetting(setting)).not.toThrow();
    }
    const leandna = checked.retention.find((file) => file.organization === 'leandna');
    expect(leandna?.data.settings).toContainEqual(
      expect.objectContaining({ category: 'customer-data', period: 'P30D', trigger: 'contract terminated' }),
    );
  });

  it('reports each problem with its file, line and field', async () => {
    const root = await copyOfPolicies();
    await writeFile(path.join(root, 'leenops/retention.yaml'), BROKEN);
    const { problems } = await checkPolicies(root);
    const lines = problems.map((problem) => formatProblem(problem, (file) => path.relative(root, file)));
    expect(lines).toEqual([
      'leenops/retention.yaml:4: settings.0.period: must be an ISO-8601 duration such as P30D, P24M or P1Y6M (whole numbers), or INDEFINITE',
      'leenops/retention.yaml:9: settings.1.trigger: is required',
      'leenops/retention.yaml:12: settings.1.action: must be DELETE or ANONYMIZE',
      'leenops/retention.yaml:15: settings.1: unknown field colour',
      'leenops/retention.yaml:18: settings.2.period: must be longer than zero',
    ]);
  });

  it('once each setting is well formed, reports settings that contradict each other or lack a justification', async () => {
    const root = await copyOfPolicies();
    const fixed = BROKEN.replace('period: P90\n', 'period: P90D\n')
      .replace('    action: REMOVE\n', '    trigger: contract terminated\n    action: DELETE\n')
      .replace('    colour: blue\n', '')
      .replace('period: P0D', 'period: P1D');
    await writeFile(path.join(root, 'leenops/retention.yaml'), fixed);
    const { problems } = await checkPolicies(root);
    expect(problems.map((problem) => formatProblem(problem, (file) => path.relative(root, file)))).toEqual([
      'leenops/retention.yaml:9: settings.1.justification: is required when the period is INDEFINITE',
      'leenops/retention.yaml:16: settings.2.category: duplicate category staff-sessions',
    ]);
  });

  it('pnpm policies:check exits 1 and names the line', async () => {
    const root = await copyOfPolicies();
    await writeFile(path.join(root, 'openleash/retention.yaml'), 'settings:\n  - category: Not A Slug\n');
    const result = await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/openleash\/retention\.yaml:2: settings\.0\.category: must be a lower-case slug/);
  });
});

describe('loading by the sync', () => {
  let database: TestDatabase;
  let root: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    root = await copyOfPolicies();
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await database.drop();
  });

  it('stores each file as version 1 of the organization’s settings, once', async () => {
    expect(await checkAndSyncPolicies(database.db, root, DEFAULT_AUDIT_RETENTION_FLOOR)).toBe(0);
    const versions = await database.db
      .selectFrom('retention_setting_version as v')
      .innerJoin('organization as o', 'o.id', 'v.organization_id')
      .select(['o.slug', 'v.category', 'v.version', 'v.changed_by', 'v.reason'])
      .orderBy('o.slug')
      .orderBy('v.category')
      .execute();
    expect(new Set(versions.map((row) => row.slug))).toEqual(new Set(['leandna', 'leenops', 'openleash']));
    expect(versions.every((row) => row.version === 1 && row.changed_by === null)).toBe(true);
    expect(versions.find((row) => row.slug === 'leenops')?.reason).toBe('Initial setting from policies/leenops/retention.yaml');

    // A changed file does not overwrite settings the organization has: they are managed in the product from then on.
    const file = path.join(root, 'leenops/retention.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('P90D', 'P7D'));
    expect(await checkAndSyncPolicies(database.db, root, DEFAULT_AUDIT_RETENTION_FLOOR)).toBe(0);
    const after = await database.db.selectFrom('retention_setting_version').select('id').execute();
    expect(after).toHaveLength(versions.length);
    const loadedEvents = await database.db
      .selectFrom('audit_event_pending')
      .select('organization_id')
      .where('action', '=', 'retention.settings_loaded')
      .execute();
    expect(loadedEvents).toHaveLength(3);
  });
});
