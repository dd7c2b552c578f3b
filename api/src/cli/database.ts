// Opens the database the configuration names: DATABASE_URL, or else the
// embedded PostgreSQL under .data/, started here and stopped on close.
import { APP_ROLE, createDb, type Db, migrateToLatest, startEmbeddedPostgres } from '@governance/db';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';

const EMBEDDED_DATABASE = 'governance';

export interface OpenDatabase {
  /** Connected as the login user, who owns the schema: for migrations only. */
  owner: Db;
  /** Connected as the restricted application role: for everything else. */
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const onPoolError = (error: Error) => logger.warn({ reason: error.message }, 'database connection lost');
  let stopServer = async () => {};
  let url = config.databaseUrl;
  if (!url) {
    logger.info({ dataDir: config.embeddedPostgres.dataDir }, 'starting the embedded PostgreSQL (DATABASE_URL is unset)');
    const postgres = await startEmbeddedPostgres({
      dataDir: config.embeddedPostgres.dataDir,
      ...(config.embeddedPostgres.port ? { port: config.embeddedPostgres.port } : {}),
      log: (message) => logger.debug({ postgres: message.trim() }),
    });
    stopServer = postgres.stop;
    url = await postgres.ensureDatabase(EMBEDDED_DATABASE);
  }
  const owner = createDb(url, { onPoolError, maxConnections: 2 });
  const db = createDb(url, { onPoolError, role: APP_ROLE });
  return {
    owner,
    db,
    url,
    async close() {
      await Promise.all([owner.destroy(), db.destroy()]);
      await stopServer();
    },
  };
}

/** Opens the database and brings its schema up to date. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const database = await openDatabase(config, logger);
  try {
    for (const line of await migrateToLatest(database.owner)) logger.info(line);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
