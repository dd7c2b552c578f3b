// A command's use-case context: the database the configuration names,
// migrated, and the same context the server builds (createUseCaseContext),
// with the configured keys and the system clock. Commands act as the
// system: they pass a `systemPrincipal` naming themselves to the services.
import type { Config } from '../config.ts';
import { loadConfiguredKeys } from '../configured-keys.ts';
import { systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { createUseCaseContext, type UseCaseContext } from '../use-case-context.ts';
import { type OpenDatabase, openMigratedDatabase } from './database.ts';

export interface CommandContext {
  context: UseCaseContext;
  database: OpenDatabase;
  close(): Promise<void>;
}

export async function openCommandContext(config: Config, logger: Logger): Promise<CommandContext> {
  const database = await openMigratedDatabase(config, logger);
  try {
    const useCases = createUseCaseContext({
      db: database.db,
      databaseUrl: database.url,
      clock: systemClock,
      logger,
      sessions: config.sessions,
      publicUrl: config.publicUrl,
      auditRetentionFloor: config.auditRetentionFloor,
      auditVerifyConcurrency: config.auditVerifyConcurrency,
      mailDirectory: config.mail.directory,
      packageDelivery: config.packageDelivery,
      // A command checks a limit now and then at most: one connection, opened only if it does.
      limiterConnections: 1,
      ...(await loadConfiguredKeys(config)),
    });
    return {
      context: useCases.context,
      database,
      async close() {
        await useCases.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
