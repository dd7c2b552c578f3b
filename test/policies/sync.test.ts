import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeSync, syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, writeOrganization, writeVersion } from '../helpers/policy-files.ts';

async function counts(database: TestDatabase) {
  const count = async (table: 'organization' | 'policy' | 'policy_version') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { organizations: await count('organization'), policies: await count('policy'), versions: await count('policy_version') };
}

async function lockAllVersions(root: string) {
  const lock = await readLock(root);
  if (!lock.ok) throw new Error(lock.problem.message);
  await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
}

describe('policy sync', () => {
  let database: TestDatabase;
  let root: string;
  beforeEach(async () => {
    database = await createTestDatabase();
    root = await copyOfPolicies();
  });
  afterEach(() => database.drop());

  it('imports every organization, policy and version with its Markdown, HTML, hash and sections', async () => {
    const report = await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(report.organizationsCreated.sort()).toEqual(['leandna', 'leenops', 'openleash']);
    expect(report.versionsInserted).toHaveLength(4);
    expect(await counts(database)).toEqual({ organizations: 3, policies: 4, versions: 4 });

    const terms = await database.db
      .selectFrom('policy_version')
      .innerJoin('policy', 'policy.id', 'policy_version.policy_id')
      .selectAll('policy_version')
      .where('policy.slug', '=', 'terms-of-service')
      .executeTakeFirstOrThrow();
    const lock = JSON.parse(await readFile(path.join(root, 'policies.lock.json'), 'utf8'));
    expect(terms.sha256).toBe(lock.versions['leenops/terms-of-service@1.0']);
    expect(terms.effective_at.toISOString()).toBe('2026-06-13T00:00:00.000Z');
    expect(terms.body).toContain('LeenOps');
    expect(terms.html).toContain('<h2 id="1-about-leenops">1. About LeenOps</h2>');
    expect(terms.sections[0]).toEqual({ id: '1-about-leenops', title: '1. About LeenOps', level: 2 });
    expect(terms.source_path).toBe('policies/leenops/terms-of-service/1.0.md');
  });

  it('changes nothing on a second run, and says so', async () => {
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    const before = await database.db.selectFrom('policy_version').selectAll().orderBy('id').execute();
    const report = await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(report.versionsInserted).toEqual([]);
    expect(report.versionsUnchanged).toBe(4);
    expect(describeSync(report)).toBe('Policies already in sync: nothing changed (4 versions unchanged).');
    expect(await database.db.selectFrom('policy_version').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('records one audit event per change, in the same transaction, and none when nothing changed', async () => {
    const actions = async () =>
      (await database.db.selectFrom('audit_event_pending').select(['action', 'actor_type', 'metadata']).orderBy('id').execute()).map(
        (row) => row.action,
      );
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    const first = await actions();
    expect(first.filter((action) => action === 'policy.version_published')).toHaveLength(4);
    expect(first.filter((action) => action === 'organization.created')).toHaveLength(3);
    expect(first.filter((action) => action === 'policy.created')).toHaveLength(4);

    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(await actions()).toEqual(first);

    const published = await database.db
      .selectFrom('audit_event_pending')
      .selectAll()
      .where('action', '=', 'policy.version_published')
      .executeTakeFirstOrThrow();
    expect(published.actor_type).toBe('SYSTEM');
    expect(JSON.parse(published.metadata)).toMatchObject({ version: '1.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('leaves no audit event behind when the sync fails', async () => {
    await writeFile(path.join(root, 'leenops/organization.yaml'), 'name: ""\n');
    await expect(syncPolicies(database.db, await checkPolicies(root), systemClock)).rejects.toThrow();
    expect(await database.db.selectFrom('audit_event_pending').selectAll().execute()).toEqual([]);
  });

  it('inserts only the new version of a policy', async () => {
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    await writeVersion(root, 'leenops', 'terms-of-service', {
      version: '1.1',
      title: 'Terms of Service',
      effective: '2026-12-01',
      summary: 'Clarified billing',
    });
    await lockAllVersions(root);
    const report = await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(report.versionsInserted).toEqual(['leenops/terms-of-service@1.1']);
    expect(await counts(database)).toEqual({ organizations: 3, policies: 4, versions: 5 });
  });

  it('refuses a changed body of a synced version, naming the file, and applies none of the other changes', async () => {
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    // A new organization that would be created, and a changed published text.
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'terms', {});
    await appendFile(path.join(root, 'leenops/terms-of-service/1.0.md'), '\nAn edit after publication.\n');
    // The lock would catch this edit; an operator who rewrote the lock must still be stopped by the database.
    const repository = await checkPolicies(root);
    const accepted = { ...repository, problems: [] };

    await expect(syncPolicies(database.db, accepted, systemClock)).rejects.toMatchObject({
      code: 'POLICY_VERSION_CHANGED',
      message: expect.stringContaining('policies/leenops/terms-of-service/1.0.md: version leenops/terms-of-service@1.0 was published'),
    });
    expect(await counts(database)).toEqual({ organizations: 3, policies: 4, versions: 4 });
  });

  it('refuses to sync files with problems', async () => {
    await writeFile(path.join(root, 'leenops/organization.yaml'), 'name: ""\n');
    await expect(syncPolicies(database.db, await checkPolicies(root), systemClock)).rejects.toMatchObject({ code: 'POLICY_FILES_INVALID' });
    expect(await counts(database)).toEqual({ organizations: 0, policies: 0, versions: 0 });
  });

  it('runs once when two syncs start together', async () => {
    const repository = await checkPolicies(root);
    const reports = await Promise.all([
      syncPolicies(database.db, repository, systemClock),
      syncPolicies(database.db, repository, systemClock),
    ]);
    expect(reports.map((report) => report.versionsInserted.length).sort()).toEqual([0, 4]);
    expect(await counts(database)).toEqual({ organizations: 3, policies: 4, versions: 4 });
  });

  it('pnpm policies:sync prints the problems and exits 1 when a file is invalid', async () => {
    await writeFile(path.join(root, 'leenops/organization.yaml'), 'name: LeenOps\ncontacts: nobody\n');
    const result = await runCli('policies-sync', [], { POLICIES_DIR: root, DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('leenops/organization.yaml:2: contacts: must be a list of {purpose, email}');
    expect(result.stderr).toContain('nothing was synced');
  });

  it('pnpm policies:sync reports what it published (as its own process), then that nothing changed', async () => {
    const first = await runCliProcess('policies-sync', [], { POLICIES_DIR: root, DATABASE_URL: database.url });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('version leenops/terms-of-service@1.0 published');
    const second = await runCli('policies-sync', [], { POLICIES_DIR: root, DATABASE_URL: database.url });
    expect(second.stdout).toContain('Policies already in sync: nothing changed (4 versions unchanged).');
  });
});
