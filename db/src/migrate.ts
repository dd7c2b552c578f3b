import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { prepareClusterRoles } from './cluster-roles.ts';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../migrations');

function migratorFor<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
}

function unwrap(resultSet: MigrationResultSet): string[] {
  if (resultSet.error) {
    const failed = resultSet.results?.find((result) => result.status === 'Error');
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${String((resultSet.error as Error).message ?? resultSet.error)}`);
  }
  return (resultSet.results ?? []).map((result) => `${result.direction === 'Up' ? 'applied' : 'reverted'} ${result.migrationName}`);
}

/** Applies every pending migration; returns one line per migration applied. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  // Before the migrations' own transaction: see cluster-roles.ts.
  await prepareClusterRoles(db as Kysely<unknown>);
  return unwrap(await migratorFor(db).migrateToLatest());
}

/** Reverts the latest migration, or all of them. */
export async function migrateDown<DB>(db: Kysely<DB>, options: { all?: boolean } = {}): Promise<string[]> {
  const migrator = migratorFor(db);
  return unwrap(options.all ? await migrator.migrateTo(NO_MIGRATIONS) : await migrator.migrateDown());
}
