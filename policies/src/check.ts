// The whole validation of the policy files: their own rules plus the lock.
// Used by `policies:check`, and by the sync before it touches the database.
import { lockProblems, readLock } from './lock.ts';
import { type PolicyRepository, readPolicyRepository } from './repository.ts';

export async function checkPolicies(root: string): Promise<PolicyRepository> {
  const repository = await readPolicyRepository(root);
  const lock = await readLock(root);
  const problems = [...repository.problems];
  if (lock.ok) problems.push(...lockProblems(root, lock.lock, repository.versions));
  else problems.push(lock.problem);
  return { ...repository, problems };
}
