import { randomUUID } from 'node:crypto';
import { createDb, type Db, migrateToLatest } from '@governance/db';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the test server; migrated unless told otherwise. */
export async function createTestDatabase(options: { migrate?: boolean; onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await onServer(`create database ${name}`);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), options.onQuery ? { onQuery: options.onQuery } : {});
  if (options.migrate ?? true) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}
