// Opens the database the configuration names: DATABASE_URL, or else the
// embedded PostgreSQL under DATA_DIR: joined when already running (`pnpm
// start`, another command, or one left by a crash), else started here; on
// close it is stopped unless another process still uses it.
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
  let closing = false;
  // Connections ended while closing are the shutdown's own doing, not news.
  const onPoolError = (error: Error) => {
    if (!closing) logger.warn({ reason: error.message }, 'database connection lost');
  };
  let stopServer = async () => {};
  let url = config.databaseUrl;
  if (!url) {
    const { dataDir } = config.embeddedPostgres;
    const postgres = await startEmbeddedPostgres({
      dataDir,
      ...(config.embeddedPostgres.port ? { port: config.embeddedPostgres.port } : {}),
      log: (message) => logger.debug({ postgres: message.trim() }),
    });
    logger.info(
      { dataDir, port: postgres.port },
      postgres.startedHere
        ? 'started the embedded PostgreSQL (DATABASE_URL is unset)'
        : 'joined the embedded PostgreSQL already running on this data directory',
    );
    stopServer = postgres.stop;
    try {
      url = await postgres.ensureDatabase(EMBEDDED_DATABASE);
    } catch (error) {
      await postgres.stop();
      throw error;
    }
  }
  const owner = createDb(url, { onPoolError, maxConnections: 2 });
  const db = createDb(url, { onPoolError, role: APP_ROLE });
  return {
    owner,
    db,
    url,
    async close() {
      closing = true;
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
