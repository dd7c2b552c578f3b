// pnpm start: database up and migrated, policies synced, portal built when
// stale, then one server for the portal, /graphql and /health.
import type { Server } from 'node:http';
import { startAppServices } from '../app-services.ts';
import { loadConfig } from '../config.ts';
import { createHttpServer } from '../http/server.ts';
import { createStaticPortal } from '../http/static-portal.ts';
import { systemClock } from '../shared/clock.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { ensurePortalBuilt, portalDistDir } from './portal-build.ts';
import { parseFlags, runCommand } from './run-command.ts';
import { checkAndSyncPolicies } from './sync-policies.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm start');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openMigratedDatabase(config, logger);
  let server: Server | undefined;
  let running: Awaited<ReturnType<typeof startAppServices>> | undefined;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server?.close();
      server?.closeAllConnections();
      void (async () => {
        await running?.close();
        await database.close();
      })().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  const syncExitCode = await checkAndSyncPolicies(database.db, config.policiesDir);
  if (syncExitCode !== 0) {
    await database.close();
    return syncExitCode;
  }
  await ensurePortalBuilt({
    portalDir: config.portalDir,
    policiesDir: config.policiesDir,
    today: systemClock.now().toISOString().slice(0, 10),
    logger,
  });

  running = await startAppServices({ db: database.db, databaseUrl: database.url, clock: systemClock, logger });
  server = createHttpServer(running.services, {
    graphiql: config.environment !== 'production',
    portal: createStaticPortal(portalDistDir(config.portalDir)),
  });
  await new Promise<void>((resolve, reject) => {
    server?.once('error', reject);
    server?.listen(config.port, config.host, resolve);
  });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`Governance portal on http://${shownHost}:${config.port}/ (GraphQL at /graphql, health at /health)`);
  await stopped;
  return 0;
});
