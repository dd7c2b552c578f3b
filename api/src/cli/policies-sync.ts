// pnpm policies:sync: checks the policy files, then brings the database in line.

import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { type CommandIo, parseFlags, runCommand } from './run-command.ts';
import { checkAndSyncPolicies } from './sync-policies.ts';

export async function main(io: CommandIo): Promise<number> {
  parseFlags(io.argv, [], 'pnpm policies:sync');
  const config = loadConfig(io.env);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openMigratedDatabase(config, logger);
  try {
    return await checkAndSyncPolicies(database.db, config.policiesDir, config.auditRetentionFloor, io, config.publicUrl);
  } finally {
    await database.close();
  }
}

if (import.meta.main) await runCommand(main);
