// pnpm start: database up and migrated, policies synced, portal built when
// stale, then one server for the portal, /graphql and /health.
import type { Server } from 'node:http';
import { type RunningServices, startAppServices } from '../app-services.ts';
import { loadConfig } from '../config.ts';
import { createHttpServer } from '../http/server.ts';
import { yogaOptionsFrom } from '../http/yoga.ts';
import {
  createPortalRebuildJob,
  createSnapshotPortal,
  type PortalRebuildJob,
  policyDatesFrom,
  type SnapshotPortal,
} from '../jobs/portal-rebuild.ts';
import { type PortalSyncRefresh, refreshPortalOnPolicySync } from '../jobs/portal-sync-refresh.ts';
import { systemClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { createStdoutLogger } from '../shared/logger.ts';
import { type OpenDatabase, openMigratedDatabase } from './database.ts';
import { ensurePortalBuilt, portalDistDir } from './portal-build.ts';
import { portalBuildLock } from './portal-lock.ts';
import { parseFlags, runCommand } from './run-command.ts';
import { checkAndSyncPolicies } from './sync-policies.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm start');
  const config = loadConfig();
  const logger = createStdoutLogger(config.logLevel, config.logFormat);

  // Whatever has started so far is stopped in reverse order, whenever the
  // signal comes: during start-up too, so no PostgreSQL is left running.
  let database: OpenDatabase | undefined;
  let running: RunningServices | undefined;
  let server: Server | undefined;
  let rebuildJob: PortalRebuildJob | undefined;
  let portal: SnapshotPortal | undefined;
  let syncRefresh: PortalSyncRefresh | undefined;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.debug({ signal }, 'shutting down');
      rebuildJob?.stop();
      server?.close();
      server?.closeAllConnections();
      // The embedded PostgreSQL runs in its own process group, so a Ctrl-C at the terminal does not
      // reach it: it is still up while the connections close, and stops last (see database.ts).
      void (async () => {
        await syncRefresh?.close();
        await running?.close();
        await database?.close();
        await portal?.close();
        console.log(`Governance portal stopped (${signal}).`);
      })().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const startUp = async (): Promise<number> => {
    database = await openMigratedDatabase(config, logger);
    const syncExitCode = await checkAndSyncPolicies(
      database.db,
      config.policiesDir,
      config.auditRetentionFloor,
      undefined,
      config.publicUrl,
    );
    if (syncExitCode !== 0) return syncExitCode;
    const openDb = database.db;
    // Replicas sharing this portal folder build one at a time, and only what another has not built already.
    const portalLock = portalBuildLock(openDb, config.portalDir);
    const today = () => systemClock.now().toISOString().slice(0, 10);
    const buildPortal = (day: string) =>
      ensurePortalBuilt({
        portalDir: config.portalDir,
        policiesDir: config.policiesDir,
        lock: portalLock,
        publicUrl: config.publicUrl,
        today: day,
        logger,
      });
    await buildPortal(today());
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
      packageEncryptionKey: config.packageEncryptionKey,
      packageDelivery: config.packageDelivery,
      mail: config.mail,
      publicUrl: config.publicUrl,
      retentionSweepCron: config.retentionSweepCron,
      auditRetentionFloor: config.auditRetentionFloor,
      auditVerifyConcurrency: config.auditVerifyConcurrency,
    });
    // Rebuilds the portal when a pending version takes effect or policies are synced, then serves the new files.
    const served = await createSnapshotPortal(portalDistDir(config.portalDir), portalLock);
    portal = served;
    rebuildJob = createPortalRebuildJob({
      clock: systemClock,
      logger,
      readPolicyDates: policyDatesFrom(config.policiesDir),
      rebuild: buildPortal,
      onRebuilt: async () => void (await served.refresh()),
    });
    syncRefresh = await refreshPortalOnPolicySync({
      databaseUrl: database.url,
      logger,
      refresh: async () => {
        await buildPortal(today());
        if (await served.refresh()) logger.info('serving the portal of the policies just synced');
      },
    });
    server = createHttpServer(running.services, {
      ...yogaOptionsFrom(config),
      portal: portal.handle,
      portalDistDir: served.folder(),
      corsAllowedOrigins: config.corsAllowedOrigins,
      bodyLimits: config.bodyLimits,
      securityTxt: config.securityTxt,
      publicReadCache: config.publicReadCache,
    });
    if (config.securityTxt.contacts.length === 0) {
      logger.info('no SECURITY_CONTACT configured: /.well-known/security.txt is not served');
    }
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
    if (stopping) {
      // Interrupted while starting: the failure is the shutdown's doing, which is let finish.
      await stopped;
      return 0;
    }
    // In order: what uses the database stops before the database does.
    await Promise.allSettled([syncRefresh?.close(), running?.close(), portal?.close()]);
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
