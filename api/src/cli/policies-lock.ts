// pnpm policies:lock: records the hash of every version not yet in
// policies.lock.json. It never changes an entry already there.
import path from 'node:path';
import { extendLock, LOCK_FILE, readLock, writeLock } from '@governance/policies/lock';
import { formatProblem } from '@governance/policies/problems';
import { readPolicyRepository } from '@governance/policies/repository';
import { loadConfig } from '../config.ts';
import { parseFlags, runCommand } from './run-command.ts';

await runCommand(async () => {
  parseFlags(process.argv.slice(2), [], 'pnpm policies:lock');
  const config = loadConfig();
  const relative = (file: string) => path.relative(process.cwd(), file);
  const repository = await readPolicyRepository(config.policiesDir);
  const lock = await readLock(config.policiesDir);
  const problems = lock.ok ? repository.problems : [...repository.problems, lock.problem];
  if (problems.length > 0 || !lock.ok) {
    for (const problem of problems) console.error(formatProblem(problem, relative));
    console.error(`\nNothing locked: fix the ${problems.length} problems first.`);
    return 1;
  }
  const { lock: extended, added } = extendLock(lock.lock, repository.versions);
  if (added.length === 0) {
    console.log(`${LOCK_FILE} already records all ${repository.versions.length} versions.`);
    return 0;
  }
  await writeLock(config.policiesDir, extended);
  console.log(`Recorded in ${LOCK_FILE}:\n${added.map((key) => `  ${key}`).join('\n')}`);
  return 0;
});
