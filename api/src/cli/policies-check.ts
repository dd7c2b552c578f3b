// pnpm policies:check: validates every policy file, subprocessor list and the lock; writes nothing.
import path from 'node:path';
import { checkPolicies } from '@governance/policies/check';
import { formatProblem, type Problem } from '@governance/policies/problems';
import { loadConfig } from '../config.ts';
import { isBelowFloor } from '../retention/audit-retention-guard.ts';
import { type CommandIo, parseFlags, runCommand } from './run-command.ts';

export async function main(io: CommandIo): Promise<number> {
  parseFlags(io.argv, [], 'pnpm policies:check');
  const config = loadConfig(io.env);
  const checked = await checkPolicies(config.policiesDir);
  // The floor is the deployment's configuration, so the policy files' own checks cannot know it.
  const repository = { ...checked, problems: [...checked.problems, ...auditFloorProblems(checked.retention, config.auditRetentionFloor)] };
  const relative = (file: string) => path.relative(io.cwd, file);
  // Warnings never change the exit code: they point at something worth a look.
  for (const warning of repository.warnings) io.err(`warning: ${formatProblem(warning, relative)}`);
  for (const problem of repository.problems) io.err(formatProblem(problem, relative));
  if (repository.problems.length > 0) {
    io.err(`\n${repository.problems.length} problems in ${relative(config.policiesDir)}/.`);
    return 1;
  }
  io.out(
    `${repository.organizations.length} organizations, ${repository.versions.length} policy versions and ${repository.registers.length} subprocessor list versions are valid.`,
  );
  return 0;
}

if (import.meta.main) await runCommand(main);

/** Initial audit-events settings shorter than AUDIT_RETENTION_FLOOR, which the sync would refuse. */
function auditFloorProblems(files: Awaited<ReturnType<typeof checkPolicies>>['retention'], floor: string): Problem[] {
  const now = new Date();
  return files.flatMap(({ file, data }) =>
    data.settings.flatMap((setting, index) =>
      isBelowFloor(setting.category, setting.period, floor, now)
        ? [
            {
              file,
              field: `settings.${index}.period`,
              message: `the audit trail must be kept for at least ${floor} (AUDIT_RETENTION_FLOOR)`,
            },
          ]
        : [],
    ),
  );
}
