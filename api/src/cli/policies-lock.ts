// pnpm policies:lock: records the hash of every version (policy texts and
// subprocessor lists) not yet in policies.lock.json. It never changes an entry already there.
import path from 'node:path';
import { extendLock, LOCK_FILE, readLock, writeLock } from '@governance/policies/lock';
import { formatProblem } from '@governance/policies/problems';
import { readPolicyRepository } from '@governance/policies/repository';
import { loadConfig } from '../config.ts';
import { type CommandIo, parseFlags, runCommand } from './run-command.ts';

export async function main(io: CommandIo): Promise<number> {
  parseFlags(io.argv, [], 'pnpm policies:lock');
  const config = loadConfig(io.env);
  const relative = (file: string) => path.relative(io.cwd, file);
  const repository = await readPolicyRepository(config.policiesDir);
  const lock = await readLock(config.policiesDir);
  const problems = lock.ok ? repository.problems : [...repository.problems, lock.problem];
  if (problems.length > 0 || !lock.ok) {
    for (const problem of problems) io.err(formatProblem(problem, relative));
    io.err(`\nNothing locked: fix the ${problems.length} problems first.`);
    return 1;
  }
  const { lock: extended, added } = extendLock(lock.lock, repository);
  if (added.length === 0) {
    io.out(`${LOCK_FILE} already records all ${repository.versions.length + repository.registers.length} versions.`);
    return 0;
  }
  await writeLock(config.policiesDir, extended);
  io.out(`Recorded in ${LOCK_FILE}:\n${added.map((key) => `  ${key}`).join('\n')}`);
  return 0;
}

if (import.meta.main) await runCommand(main);
