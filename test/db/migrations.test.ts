import { migrateDown, migrateToLatest } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

async function tableNames(database: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(database.owner);
  return rows.map((row) => row.name);
}

const ALL_TABLES = [
  'api_token',
  'app_user',
  'audit_checkpoint',
  'audit_event',
  'audit_event_pending',
  'audit_signing_key',
  'change_notice',
  'change_subscription',
  'change_subscription_unsubscribe',
  'deletion_request',
  'deletion_request_event',
  'deletion_request_status_handle',
  'login_challenge',
  'mail_outbox',
  'membership',
  'organization',
  'policy',
  'policy_version',
  'privacy_request_correction',
  'privacy_request_correction_recipient',
  'privacy_request_package',
  'privacy_request_package_link',
  'privacy_request_retained_item',
  'rate_limit',
  'retention_run',
  'retention_setting_version',
  'second_factor_recovery_code',
  'subprocessor_list_version',
  'subprocessor_objection',
  'user_second_factor',
  'user_session',
];

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('run up, down to nothing, and up again', async () => {
    expect((await migrateToLatest(database.owner)).length).toBeGreaterThan(0);
    expect(await tableNames(database)).toEqual(ALL_TABLES);

    await migrateDown(database.owner, { all: true });
    expect(await tableNames(database)).toEqual([]);

    await migrateToLatest(database.owner);
    expect(await tableNames(database)).toEqual(ALL_TABLES);
    expect(await migrateToLatest(database.owner)).toEqual([]);
  });
});

describe('published policy versions', () => {
  let database: TestDatabase;
  let versionId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    const organization = await db
      .insertInto('organization')
      .values({ slug: 'acme', name: 'Acme', website: null, contacts: '[]', notice_period_days: 30 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const policy = await db
      .insertInto('policy')
      .values({ organization_id: organization.id, slug: 'terms', title: 'Terms' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('policy_version')
      .values({
        policy_id: policy.id,
        version: '1.0',
        title: 'Terms',
        effective_at: new Date('2026-01-01T00:00:00Z'),
        published_at: new Date('2026-01-01T00:00:00Z'),
        summary: 'First',
        material: false,
        body: 'Text\n',
        html: '<p>Text</p>',
        sha256: 'a'.repeat(64),
        sections: '[]',
        source_path: 'policies/acme/terms/1.0.md',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    versionId = version.id;
  });
  afterAll(() => database.drop());

  it('cannot be updated', async () => {
    await expect(
      database.owner.updateTable('policy_version').set({ body: 'Changed\n' }).where('id', '=', versionId).execute(),
    ).rejects.toThrow(/policy versions are immutable: UPDATE/);
  });

  it('cannot be deleted', async () => {
    await expect(database.owner.deleteFrom('policy_version').where('id', '=', versionId).execute()).rejects.toThrow(/immutable: DELETE/);
  });

  it('cannot be truncated', async () => {
    await expect(sql`truncate policy_version cascade`.execute(database.owner)).rejects.toThrow(/immutable: TRUNCATE/);
  });

  it('still holds the original text after the refused changes', async () => {
    const row = await database.owner.selectFrom('policy_version').select('body').where('id', '=', versionId).executeTakeFirstOrThrow();
    expect(row.body).toBe('Text\n');
  });
});

describe('the application role', () => {
  it('reads and writes data but cannot change the schema', async () => {
    const database = await createTestDatabase();
    try {
      expect(await database.db.selectFrom('organization').selectAll().execute()).toEqual([]);
      await expect(sql`create table intruder (id int)`.execute(database.db)).rejects.toThrow(/permission denied/);
      await expect(sql`drop table policy_version`.execute(database.db)).rejects.toThrow(/must be owner/);
    } finally {
      await database.drop();
    }
  });
});
