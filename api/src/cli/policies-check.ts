// pnpm policies:check: validates every policy file and the lock; writes nothing.
import path from 'node:path';
import { checkPolicies } from '@governance/policies/check';
import { formatProblem } from '@governance/policies/problems';
import { loadConfig } from '../config.ts';
import { parseFlags, runCommand } from './run-command.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm policies:check');
  const config = loadConfig();
  const repository = await checkPolicies(config.policiesDir);
  const relative = (file: string) => path.relative(process.cwd(), file);
  // Warnings never change the exit code: they point at something worth a look.
  for (const warning of repository.warnings) console.error(`warning: ${formatProblem(warning, relative)}`);
  for (const problem of repository.problems) console.error(formatProblem(problem, relative));
  if (repository.problems.length > 0) {
    console.error(`\n${repository.problems.length} problems in ${relative(config.policiesDir)}/.`);
    return 1;
  }
  console.log(`${repository.organizations.length} organizations and ${repository.versions.length} policy versions are valid.`);
  return 0;
});
