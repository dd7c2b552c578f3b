// pnpm start: database up and migrated, policies synced, portal built when
// stale, then one server for the portal, /graphql and /health.
import type { Server } from 'node:http';
import { type RunningServices, startAppServices } from '../app-services.ts';
import { loadConfig } from '../config.ts';
import { createHttpServer } from '../http/server.ts';
import {
  createPortalRebuildJob,
  createSnapshotPortal,
  type PortalRebuildJob,
  policyDatesFrom,
  type SnapshotPortal,
} from '../jobs/portal-rebuild.ts';
import { writePortalSnapshot } from '../portal-data/portal-snapshot.ts';
import { PORTAL_SNAPSHOT_SECTIONS } from '../portal-data/sections.ts';
import { systemClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { createLogger } from '../shared/logger.ts';
import { type OpenDatabase, openMigratedDatabase } from './database.ts';
import { ensurePortalBuilt, portalDistDir } from './portal-build.ts';
import { parseFlags, runCommand } from './run-command.ts';
import { checkAndSyncPolicies } from './sync-policies.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm start');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  // Whatever has started so far is stopped in reverse order, whenever the
  // signal comes: during start-up too, so no PostgreSQL is left running.
  let database: OpenDatabase | undefined;
  let running: RunningServices | undefined;
  let server: Server | undefined;
  let rebuildJob: PortalRebuildJob | undefined;
  let portal: SnapshotPortal | undefined;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      rebuildJob?.stop();
      server?.close();
      server?.closeAllConnections();
      void (async () => {
        await running?.close();
        await database?.close();
        await portal?.close();
      })().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const startUp = async (): Promise<number> => {
    database = await openMigratedDatabase(config, logger);
    const syncExitCode = await checkAndSyncPolicies(database.db, config.policiesDir, config.auditRetentionFloor);
    if (syncExitCode !== 0) return syncExitCode;
    const openDb = database.db;
    const buildPortal = async (today: string) => {
      await writePortalSnapshot(openDb, config.portalSnapshotDir, PORTAL_SNAPSHOT_SECTIONS, systemClock.now());
      return ensurePortalBuilt({
        portalDir: config.portalDir,
        policiesDir: config.policiesDir,
        snapshotDir: config.portalSnapshotDir,
        today,
        logger,
      });
    };
    await buildPortal(systemClock.now().toISOString().slice(0, 10));
    running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock: systemClock,
      logger,
      sessions: config.sessions,
      trustProxy: config.trustProxy,
      trustedProxyHops: config.trustedProxyHops,
      auditSigningKey: config.auditSigningKey,
      auditRetiredPublicKeys: config.auditRetiredPublicKeys,
      secondFactorKey: config.secondFactorKey,
      mail: config.mail,
      publicUrl: config.publicUrl,
      retentionSweepCron: config.retentionSweepCron,
      auditRetentionFloor: config.auditRetentionFloor,
      auditVerifyConcurrency: config.auditVerifyConcurrency,
    });
    // Rebuilds the portal when a pending version takes effect, then serves the new files.
    portal = await createSnapshotPortal(portalDistDir(config.portalDir));
    rebuildJob = createPortalRebuildJob({
      clock: systemClock,
      logger,
      readPolicyDates: policyDatesFrom(config.policiesDir),
      rebuild: buildPortal,
      onRebuilt: portal.reload,
    });
    server = createHttpServer(running.services, {
      graphiql: config.environment !== 'production',
      trustedDocumentsOnly: config.environment === 'production',
      portal: portal.handle,
      portalDistDir: portalDistDir(config.portalDir),
      corsAllowedOrigins: config.corsAllowedOrigins,
      bodyLimits: config.bodyLimits,
      publicReadCache: config.publicReadCache,
    });
    await listen(server, config.host, config.port);
    await rebuildJob.start();
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    console.log(`Governance portal on http://${shownHost}:${config.port}/ (GraphQL at /graphql, health at /health)`);
    return 0;
  };

  let exitCode: number;
  try {
    exitCode = await startUp();
  } catch (error) {
    if (stopping) return 0; // interrupted while starting: the failure is the shutdown's doing
    // In order: what uses the database stops before the database does.
    await Promise.allSettled([running?.close(), portal?.close()]);
    await database?.close();
    throw error;
  }
  if (exitCode !== 0) {
    await database?.close();
    return exitCode;
  }
  await stopped;
  return 0;
});

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new DomainError('PORT_IN_USE', `Port ${port} on ${host} is in use; set PORT to another port.`)
          : error,
      ),
    );
    server.listen(port, host, resolve);
  });
}
