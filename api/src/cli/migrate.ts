// pnpm db:migrate [--down]: applies pending migrations, or reverts the latest.
import { migrateDown, migrateToLatest } from '@governance/db';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openDatabase } from './database.ts';
import { parseFlags, runCommand } from './run-command.ts';

await runCommand(async () => {
  const flags = parseFlags(process.argv.slice(2), ['--down'], 'pnpm db:migrate [--down]');
  const config = loadConfig();
  const database = await openDatabase(config, createLogger('warn'));
  try {
    const lines = flags.has('--down') ? await migrateDown(database.owner) : await migrateToLatest(database.owner);
    console.log(lines.length > 0 ? lines.join('\n') : 'The database schema is up to date.');
    return 0;
  } finally {
    await database.close();
  }
});
