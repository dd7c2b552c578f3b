// pnpm cli audit:checkpoint: signs the head of every audit chain now, with
// the configured key (AUDIT_SIGNING_KEY, or DATA_DIR/audit-signing-key.pem),
// instead of waiting for the hourly job. Prints what it signed.
import { parseArgs } from 'node:util';
import { createCheckpoint } from '../audit/audit-checkpoint.service.ts';
import { loadSigningKey } from '../audit/signing-key.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { loadConfig } from '../config.ts';
import { systemClock } from '../shared/clock.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { type CommandIo, UsageError } from './run-command.ts';

export const AUDIT_CHECKPOINT_USAGE =
  'pnpm cli audit:checkpoint\n  Signs the head of every audit chain that moved since its last checkpoint.';

export async function auditCheckpointCommand(io: CommandIo): Promise<number> {
  const print = io.out;
  try {
    parseArgs({ args: io.argv, options: {}, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${AUDIT_CHECKPOINT_USAGE}`);
  }
  const config = loadConfig(io.env);
  const key = await loadSigningKey(config.auditSigningKey);
  const database = await openMigratedDatabase(config, createLogger('warn'));
  try {
    const made = await createCheckpoint({ db: database.db, clock: systemClock }, systemPrincipal('audit:checkpoint command'), key);
    if (made.length === 0) print('Every chain head is already signed; nothing to do.');
    for (const checkpoint of made) print(`Signed chain ${checkpoint.chain} at seq ${checkpoint.seq} (${checkpoint.hash}).`);
    return 0;
  } finally {
    await database.close();
  }
}
