import { randomUUID } from 'node:crypto';
import { APP_ROLE, createDb, type Db } from '@governance/db';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** As the application connects: the restricted role. */
  db: Db;
  /** As the login user, who owns the schema (the database superuser in tests). */
  owner: Db;
  url: string;
  /** Closes `close` before the database is dropped (pools, listeners a test opened on it). */
  adopt(close: () => Promise<unknown>): void;
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

/**
 * A fresh database on the test server: a copy of the run's migrated template
 * (test/helpers/global-setup.ts), which PostgreSQL makes far faster than
 * running every migration again; or empty, with `migrate: false`. The copy is
 * of the template's files (STRATEGY file_copy, PostgreSQL 15 and later): for a
 * database this small, on a server without fsync, several times cheaper than
 * writing every block to the WAL, the default.
 */
export async function createTestDatabase(options: { migrate?: boolean; onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await onServer(`create database ${name}${(options.migrate ?? true) ? ` template ${inject('migratedTemplate')} strategy file_copy` : ''}`);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  const owner = createDb(url.toString());
  const db = createDb(url.toString(), { role: APP_ROLE, ...(options.onQuery ? { onQuery: options.onQuery } : {}) });
  const adopted: (() => Promise<unknown>)[] = [];
  return {
    db,
    owner,
    url: url.toString(),
    adopt(close) {
      adopted.push(close);
    },
    async drop() {
      await Promise.all(adopted.map((close) => close()));
      await Promise.all([db.destroy(), owner.destroy()]);
      await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}
