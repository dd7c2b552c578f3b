// pnpm cli <command> …: the administrative commands, one entry point.
import { AUDIT_CHECKPOINT_USAGE, auditCheckpointCommand } from './audit-checkpoint.ts';
import { AUDIT_VERIFY_USAGE, auditVerifyCommand } from './audit-verify.ts';
import { EVIDENCE_VERIFY_USAGE, evidenceVerifyCommand } from './evidence-verify.ts';
import { RECEIPT_VERIFY_USAGE, receiptVerifyCommand } from './receipt-verify.ts';
import { RETENTION_SWEEP_USAGE, retentionSweepCommand } from './retention-sweep.ts';
import { type CommandIo, type CommandMain, runCommand, UsageError } from './run-command.ts';
import { USER_CREATE_USAGE, userCreateCommand } from './user-create.ts';

const COMMANDS: Record<string, { usage: string; run: CommandMain }> = {
  'user:create': { usage: USER_CREATE_USAGE, run: userCreateCommand },
  'audit:verify': { usage: AUDIT_VERIFY_USAGE, run: auditVerifyCommand },
  'audit:checkpoint': { usage: AUDIT_CHECKPOINT_USAGE, run: auditCheckpointCommand },
  'receipt:verify': { usage: RECEIPT_VERIFY_USAGE, run: receiptVerifyCommand },
  'evidence:verify': { usage: EVIDENCE_VERIFY_USAGE, run: evidenceVerifyCommand },
  'retention:sweep': { usage: RETENTION_SWEEP_USAGE, run: retentionSweepCommand },
};

export async function main(io: CommandIo): Promise<number | undefined> {
  const [name, ...argv] = io.argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS)
      .map(([commandName, { usage }]) => `  ${commandName}\n    ${usage.replaceAll('\n', '\n    ')}`)
      .join('\n');
    throw new UsageError(`${name ? `Unknown command "${name}".` : 'Name a command.'}\nCommands:\n${list}`);
  }
  return command.run({ ...io, argv });
}

if (import.meta.main) await runCommand(main);
