// pnpm cli audit:checkpoint: signs the head of every audit chain now, with
// the configured key (AUDIT_SIGNING_KEY, or DATA_DIR/audit-signing-key.pem),
// instead of waiting for the hourly job. Prints what it signed.
import { parseArgs } from 'node:util';
import { createCheckpoint } from '../audit/audit-checkpoint.service.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openCommandContext } from './command-context.ts';
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
  const command = await openCommandContext(loadConfig(io.env), createLogger('warn'));
  try {
    const { context } = command;
    const made = await createCheckpoint(context, systemPrincipal('audit:checkpoint command'), context.signingKey);
    if (made.length === 0) print('Every chain head is already signed; nothing to do.');
    for (const checkpoint of made) print(`Signed chain ${checkpoint.chain} at seq ${checkpoint.seq} (${checkpoint.hash}).`);
    return 0;
  } finally {
    await command.close();
  }
}
