// pnpm cli <command> …: the administrative commands, one entry point.
import { AUDIT_CHECKPOINT_USAGE, auditCheckpointCommand } from './audit-checkpoint.ts';
import { AUDIT_VERIFY_USAGE, auditVerifyCommand } from './audit-verify.ts';
import { RECEIPT_VERIFY_USAGE, receiptVerifyCommand } from './receipt-verify.ts';
import { RETENTION_SWEEP_USAGE, retentionSweepCommand } from './retention-sweep.ts';
import { runCommand, UsageError } from './run-command.ts';
import { USER_CREATE_USAGE, userCreateCommand } from './user-create.ts';

const COMMANDS: Record<string, { usage: string; run: (argv: string[]) => Promise<number> }> = {
  'user:create': { usage: USER_CREATE_USAGE, run: userCreateCommand },
  'audit:verify': { usage: AUDIT_VERIFY_USAGE, run: (argv) => auditVerifyCommand(argv) },
  'audit:checkpoint': { usage: AUDIT_CHECKPOINT_USAGE, run: (argv) => auditCheckpointCommand(argv) },
  'receipt:verify': { usage: RECEIPT_VERIFY_USAGE, run: (argv) => receiptVerifyCommand(argv) },
  'retention:sweep': { usage: RETENTION_SWEEP_USAGE, run: (argv) => retentionSweepCommand(argv) },
};

await runCommand(async () => {
  const [name, ...argv] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS)
      .map(([commandName, { usage }]) => `  ${commandName}\n    ${usage.replaceAll('\n', '\n    ')}`)
      .join('\n');
    throw new UsageError(`${name ? `Unknown command "${name}".` : 'Name a command.'}\nCommands:\n${list}`);
  }
  return command.run(argv);
});
