// pnpm policies:sync: checks the policy files, then brings the database in line.

import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { parseFlags, runCommand } from './run-command.ts';
import { checkAndSyncPolicies } from './sync-policies.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm policies:sync');
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openMigratedDatabase(config, logger);
  try {
    return await checkAndSyncPolicies(database.db, config.policiesDir, config.auditRetentionFloor);
  } finally {
    await database.close();
  }
});
