// Opens the database the configuration names: DATABASE_URL, or else the
// embedded PostgreSQL under .data/, started here and stopped on close.
import { createDb, type Db, migrateToLatest, startEmbeddedPostgres } from '@governance/db';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';

const EMBEDDED_DATABASE = 'governance';

export interface OpenDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const onPoolError = (error: Error) => logger.warn({ reason: error.message }, 'database connection lost');
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl, { onPoolError });
    return { db, url: config.databaseUrl, close: () => db.destroy() };
  }
  logger.info({ dataDir: config.embeddedPostgres.dataDir }, 'starting the embedded PostgreSQL (DATABASE_URL is unset)');
  const postgres = await startEmbeddedPostgres({
    dataDir: config.embeddedPostgres.dataDir,
    ...(config.embeddedPostgres.port ? { port: config.embeddedPostgres.port } : {}),
    log: (message) => logger.debug({ postgres: message.trim() }),
  });
  const url = await postgres.ensureDatabase(EMBEDDED_DATABASE);
  const db = createDb(url, { onPoolError });
  return {
    db,
    url,
    async close() {
      await db.destroy();
      await postgres.stop();
    },
  };
}

/** Opens the database and brings its schema up to date. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const database = await openDatabase(config, logger);
  try {
    for (const line of await migrateToLatest(database.db)) logger.info(line);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
