// The whole validation of the policy files: their own rules, the notice
// period of material changes and of new subprocessors, the lock, and the
// retention settings files.
// Used by `policies:check`, and by the sync before it touches the database.
import { lockProblems, readLock } from './lock.ts';
import { noticePeriodProblems } from './notice-period.ts';
import type { Problem } from './problems.ts';
import { type PolicyRepository, readPolicyRepository } from './repository.ts';
import { type RetentionFileSource, readRetentionFiles } from './retention-file.ts';
import { disappearedSectionWarnings } from './section-continuity.ts';
import { subprocessorNoticeProblems } from './subprocessors/notice.ts';

export interface CheckedPolicies extends PolicyRepository {
  /** Worth a look but not wrong (a section id that disappeared); they never fail the check. */
  warnings: Problem[];
  /** Each organization's initial retention settings (policies/<org>/retention.yaml), where it has the file. */
  retention: RetentionFileSource[];
}

export async function checkPolicies(root: string): Promise<CheckedPolicies> {
  const repository = await readPolicyRepository(root);
  const lock = await readLock(root);
  const problems = [
    ...repository.problems,
    ...noticePeriodProblems(repository.organizations, repository.versions),
    ...subprocessorNoticeProblems(repository.organizations, repository.registers),
  ];
  if (lock.ok) problems.push(...lockProblems(root, lock.lock, repository));
  else problems.push(lock.problem);
  const retention = await readRetentionFiles(
    root,
    repository.organizations.map((organization) => organization.slug),
  );
  problems.push(...retention.problems);
  return { ...repository, problems, warnings: disappearedSectionWarnings(repository.versions), retention: retention.files };
}
