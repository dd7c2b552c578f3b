// pnpm db:migrate [--down]: applies pending migrations, or reverts the latest.
import { migrateDown, migrateToLatest } from '@governance/db';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openDatabase } from './database.ts';
import { type CommandIo, parseFlags, runCommand } from './run-command.ts';

export async function main(io: CommandIo): Promise<number> {
  const flags = parseFlags(io.argv, ['--down'], 'pnpm db:migrate [--down]');
  const config = loadConfig(io.env);
  const database = await openDatabase(config, createLogger('warn'));
  try {
    const lines = flags.has('--down') ? await migrateDown(database.owner) : await migrateToLatest(database.owner);
    io.out(lines.length > 0 ? lines.join('\n') : 'The database schema is up to date.');
    return 0;
  } finally {
    await database.close();
  }
}

if (import.meta.main) await runCommand(main);
