import path from 'node:path';
import type { Db } from '@governance/db';
import { checkPolicies } from '@governance/policies/check';
import { formatProblem } from '@governance/policies/problems';
import { describeSync, syncPolicies } from '../policies/policy-sync.service.ts';
import { loadRetentionFiles } from '../retention/retention.service.ts';
import { systemClock } from '../shared/clock.ts';
import { type CommandIo, processIo } from './run-command.ts';

/** Validates the policy files and syncs them (and initial retention settings); prints what happened. Returns the exit code. */
export async function checkAndSyncPolicies(
  db: Db,
  policiesDir: string,
  auditRetentionFloor: string,
  io: Pick<CommandIo, 'out' | 'err' | 'cwd'> = processIo(),
  /** PUBLIC_SITE_URL, for the links in change notices. */
  publicUrl?: string,
): Promise<number> {
  const repository = await checkPolicies(policiesDir);
  if (repository.problems.length > 0) {
    const relative = (file: string) => path.relative(io.cwd, file);
    for (const problem of repository.problems) io.err(formatProblem(problem, relative));
    io.err(`\nThe policy files have ${repository.problems.length} problems; nothing was synced.`);
    return 1;
  }
  io.out(describeSync(await syncPolicies(db, repository, systemClock, publicUrl ? { publicUrl } : {})));
  // Initial retention settings, for organizations that have none yet.
  const relative = (file: string) => path.relative(path.dirname(policiesDir), file);
  for (const line of await loadRetentionFiles({ db, clock: systemClock, auditRetentionFloor }, repository.retention, relative))
    io.out(line);
  return 0;
}
