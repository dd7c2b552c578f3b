import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies } from '../helpers/policy-files.ts';

// LeanDNA's shipped list (1.0, effective 2026-11-22), and a second version
// that replaces AWS Bedrock's purpose and adds a mail provider 30 days later.
const SECOND_LIST = `version: "1.1"
announced: 2026-12-01
effective: 2026-12-31
summary: Adds an email provider
entries:
  - name: Amazon Web Services
    purpose: >-
      Hosts LeanDNA's infrastructure and application stack. All customer data is processed, stored and
      protected with encryption within isolated virtual private clouds (VPCs) under LeanDNA's exclusive
      control, and is not transferred outside that environment.
    dataCategories:
      - All customer data
    role: subprocessor
  - name: Example Mail
    purpose: Sends account email.
    dataCategories: [Email addresses]
    locations: [DE]
    role: subprocessor
`;

const LIST_FIELDS =
  'version announcedAt effectiveAt sha256 canonicalJson entries { name category role locations { code name } ai { modelDeveloperReceivesData trainsOnCustomerData chosenByCustomer } }';

async function lockedCopyWithSecondList(): Promise<string> {
  const root = await copyOfPolicies();
  await mkdir(path.join(root, 'leandna/subprocessors'), { recursive: true });
  await writeFile(path.join(root, 'leandna/subprocessors/1.1.yaml'), SECOND_LIST);
  const lock = await readLock(root);
  if (!lock.ok) throw new Error(lock.problem.message);
  await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
  return root;
}

describe('subprocessor lists in the API', () => {
  let database: TestDatabase;
  let root: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    root = await lockedCopyWithSecondList();
    const checked = await checkPolicies(root);
    expect(checked.problems).toEqual([]);
    await syncPolicies(database.db, checked, systemClock);
  });
  afterAll(() => database.drop());

  const subprocessorsAt = async (at: string, now = '2026-12-15T12:00:00Z') => {
    const api = createTestApi(database, now);
    const response = await api.query<{ subprocessors: { version: string; entries: { name: string }[] } | null }>(
      `query($at: DateTime) { subprocessors(organization: "leandna", at: $at) { ${LIST_FIELDS} } }`,
      { at },
    );
    expect(response.errors).toBeUndefined();
    return response.data?.subprocessors ?? null;
  };

  it('answers with the list in force up to the millisecond before the next one takes effect, and the next one from that instant', async () => {
    expect((await subprocessorsAt('2026-12-30T23:59:59.999Z', '2027-01-02T00:00:00Z'))?.version).toBe('1.0');
    expect((await subprocessorsAt('2026-12-31T00:00:00.000Z', '2027-01-02T00:00:00Z'))?.version).toBe('1.1');
    expect(await subprocessorsAt('2026-11-21T23:59:59.999Z')).toBeNull();
  });

  it('hides a list until the day it is announced', async () => {
    const api = createTestApi(database, '2026-11-30T12:00:00Z');
    const response = await api.query<{ organization: { subprocessorLists: { version: string }[]; upcomingSubprocessorList: null } }>(
      '{ organization(slug: "leandna") { subprocessorLists { version } upcomingSubprocessorList { version } } }',
    );
    expect(response.data?.organization).toEqual({ subprocessorLists: [{ version: '1.0' }], upcomingSubprocessorList: null });
  });

  it('announces the coming list as upcoming, with what it adds, changes and removes', async () => {
    const api = createTestApi(database, '2026-12-15T12:00:00Z');
    const response = await api.query<{ organization: { upcomingSubprocessorList: unknown } }>(
      '{ organization(slug: "leandna") { upcomingSubprocessorList { version effectiveAt changes { kind key changedFields before { name } after { name locations { code name } } } } } }',
    );
    expect(response.data?.organization.upcomingSubprocessorList).toEqual({
      version: '1.1',
      effectiveAt: '2026-12-31T00:00:00.000Z',
      changes: [
        {
          kind: 'ADDED',
          key: 'Example Mail',
          changedFields: [],
          before: null,
          after: { name: 'Example Mail', locations: [{ code: 'DE', name: 'Germany' }] },
        },
        { kind: 'REMOVED', key: 'AWS Bedrock', changedFields: [], before: { name: 'AWS Bedrock' }, after: null },
      ],
    });
  });

  it('diffs two versions, and names the argument whose version does not exist', async () => {
    const api = createTestApi(database, '2026-12-15T12:00:00Z');
    const diff = await api.query<{ organization: { subprocessorListDiff: { changes: { kind: string; key: string }[] } } }>(
      '{ organization(slug: "leandna") { subprocessorListDiff(from: "1.1", to: "1.0") { from { version } to { version } changes { kind key } } } }',
    );
    expect(diff.data?.organization.subprocessorListDiff).toEqual({
      from: { version: '1.1' },
      to: { version: '1.0' },
      changes: [
        { kind: 'ADDED', key: 'AWS Bedrock' },
        { kind: 'REMOVED', key: 'Example Mail' },
      ],
    });
    const unknown = await api.query(
      '{ organization(slug: "leandna") { subprocessorListDiff(from: "1.0", to: "9.9") { changes { kind } } } }',
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'VERSION_NOT_FOUND', field: 'to' });
  });

  it('serves the canonical JSON whose SHA-256 is the locked hash, so a reviewer can recompute it', async () => {
    const list = (await subprocessorsAt('2026-12-01T00:00:00Z')) as unknown as { sha256: string; canonicalJson: string };
    expect(createHash('sha256').update(list.canonicalJson, 'utf8').digest('hex')).toBe(list.sha256);
    const lock = await readLock(root);
    expect(lock.ok && lock.lock.versions['leandna/subprocessors@1.0']).toBe(list.sha256);
  });

  it('files the list in force at the trust pack instant with the policies', async () => {
    const api = createTestApi(database, '2027-01-15T12:00:00Z');
    const pack = async (at: string) =>
      (
        await api.query<{ organization: { trustPack: { subprocessors: { version: string; sha256: string } | null } } }>(
          'query($at: DateTime!) { organization(slug: "leandna") { trustPack(at: $at) { subprocessors { version sha256 } } } }',
          { at },
        )
      ).data?.organization.trustPack.subprocessors;
    expect((await pack('2026-12-30T23:59:59.999Z'))?.version).toBe('1.0');
    expect((await pack('2026-12-31T00:00:00.000Z'))?.version).toBe('1.1');
    expect(await pack('2026-01-01T00:00:00.000Z')).toBeNull();
  });

  it('answers null for an organization that does not exist', async () => {
    const api = createTestApi(database, '2026-12-15T12:00:00Z');
    const response = await api.query('{ subprocessors(organization: "nobody") { version } }');
    expect(response).toMatchObject({ data: { subprocessors: null } });
  });
});

describe('reading subprocessor lists in one request', () => {
  it("reads an organization's list history once, however many versions and changes the query asks for", async () => {
    const queries: string[] = [];
    const database = await createTestDatabase({ onQuery: (sql) => queries.push(sql) });
    try {
      const checked = await checkPolicies(await lockedCopyWithSecondList());
      await syncPolicies(database.db, checked, systemClock);
      const api = createTestApi(database, '2026-12-15T12:00:00Z');
      queries.length = 0;
      const response = await api.query<{ organization: { subprocessorLists: { version: string; changes: { kind: string }[] }[] } }>(
        `{ organization(slug: "leandna") {
            subprocessorLists { version changes { kind } }
            upcomingSubprocessorList { version changes { kind } }
            subprocessorList(version: "1.0") { version }
          } }`,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.organization.subprocessorLists.map((list) => list.version)).toEqual(['1.1', '1.0']);
      expect(queries.filter((sql) => sql.includes('subprocessor_list_version'))).toHaveLength(1);
    } finally {
      await database.drop();
    }
  });
});

describe('the policy sync and subprocessor lists', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('publishes each list once, records it in the audit trail, and refuses a published list whose content changed', async () => {
    const root = await lockedCopyWithSecondList();
    const first = await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(first.subprocessorListsInserted.sort()).toEqual([
      'leandna/subprocessors@1.0',
      'leandna/subprocessors@1.1',
      'leenops/subprocessors@1.0',
      'openleash/subprocessors@1.0',
    ]);
    const again = await syncPolicies(database.db, await checkPolicies(root), systemClock);
    expect(again.subprocessorListsInserted).toEqual([]);
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select('action')
      .where('action', '=', 'subprocessor_list.version_published')
      .execute();
    expect(events).toHaveLength(4);

    // A published list edited in place (and re-locked, so only the database can tell).
    await writeFile(path.join(root, 'leandna/subprocessors/1.1.yaml'), SECOND_LIST.replace('[DE]', '[FR]'));
    const lock = await readLock(root);
    if (!lock.ok) throw new Error(lock.problem.message);
    const relocked = { ...lock.lock, versions: { ...lock.lock.versions } };
    delete relocked.versions['leandna/subprocessors@1.1'];
    await writeLock(root, extendLock(relocked, await checkPolicies(root)).lock);
    await expect(syncPolicies(database.db, await checkPolicies(root), systemClock)).rejects.toMatchObject({
      code: 'POLICY_VERSION_CHANGED',
      message: expect.stringContaining('leandna/subprocessors@1.1 was published with sha256'),
    });
  });

  it('refuses to change a stored list in the database itself, even to its owner', async () => {
    await expect(database.owner.updateTable('subprocessor_list_version').set({ summary: 'rewritten' }).execute()).rejects.toThrow(
      /subprocessor lists are immutable/,
    );
  });
});
