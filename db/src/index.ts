import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OrganizationTable, PolicyTable, PolicyVersionTable } from './tables/policies.ts';

export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded.ts';
export { findFreePort, startEmbeddedPostgres } from './embedded.ts';
export { type Listener, type ListenOptions, listen } from './listen.ts';
export { migrateDown, migrateToLatest } from './migrate.ts';
export * from './tables/policies.ts';

export interface Database {
  organization: OrganizationTable;
  policy: PolicyTable;
  policy_version: PolicyVersionTable;
}

export type Db = Kysely<Database>;

export interface CreateDbOptions {
  maxConnections?: number;
  /** Called for errors of idle pool clients, which would otherwise crash the process. */
  onPoolError?: (error: Error) => void;
  /** Called with the SQL of every query executed (tests count round trips with it). */
  onQuery?: (sql: string) => void;
}

export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  pool.on('error', options.onPoolError ?? (() => {}));
  const { onQuery } = options;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql) } : {}),
  });
}
