import { migrateDown, migrateToLatest } from '@governance/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

async function tableNames(database: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(database.db);
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('run up, down to nothing, and up again', async () => {
    expect((await migrateToLatest(database.db)).length).toBeGreaterThan(0);
    expect(await tableNames(database)).toEqual(['organization', 'policy', 'policy_version']);

    await migrateDown(database.db, { all: true });
    expect(await tableNames(database)).toEqual([]);

    await migrateToLatest(database.db);
    expect(await tableNames(database)).toEqual(['organization', 'policy', 'policy_version']);
    expect(await migrateToLatest(database.db)).toEqual([]);
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
      database.db.updateTable('policy_version').set({ body: 'Changed\n' }).where('id', '=', versionId).execute(),
    ).rejects.toThrow(/policy versions are immutable: UPDATE/);
  });

  it('cannot be deleted', async () => {
    await expect(database.db.deleteFrom('policy_version').where('id', '=', versionId).execute()).rejects.toThrow(/immutable: DELETE/);
  });

  it('cannot be truncated', async () => {
    await expect(sql`truncate policy_version cascade`.execute(database.db)).rejects.toThrow(/immutable: TRUNCATE/);
  });

  it('still holds the original text after the refused changes', async () => {
    const row = await database.db.selectFrom('policy_version').select('body').where('id', '=', versionId).executeTakeFirstOrThrow();
    expect(row.body).toBe('Text\n');
  });
});
