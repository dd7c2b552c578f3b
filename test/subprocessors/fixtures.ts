// LeanDNA's shipped subprocessor list (1.0) and a second version announced
// 2026-12-01 that takes effect 2026-12-31, synced into a test database: the
// change customers may object to.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import type { TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies } from '../helpers/policy-files.ts';

export const SECOND_LIST = `version: "1.1"
announced: 2026-12-01
effective: 2026-12-31
summary: Adds an email provider
entries:
  - name: Amazon Web Services
    purpose: >-
      Hosts LeanDNA's infrastructure and application stack. All customer data is processed, stored and
      protected with encryption within isolated virtual private clouds (VPCs) under LeanDNA's exclusive
      control, and is not transferred outside that environment.
    dataCategories:
      - All customer data
    role: subprocessor
  - name: Example Mail
    purpose: Sends account email.
    dataCategories: [Email addresses]
    locations: [DE]
    role: subprocessor
`;

/** The instant list 1.1 takes effect: objections close here. */
export const EFFECTIVE = '2026-12-31T00:00:00.000Z';

export async function syncWithSecondList(database: TestDatabase): Promise<void> {
  const root = await copyOfPolicies();
  await mkdir(path.join(root, 'leandna/subprocessors'), { recursive: true });
  await writeFile(path.join(root, 'leandna/subprocessors/1.1.yaml'), SECOND_LIST);
  const lock = await readLock(root);
  if (!lock.ok) throw new Error(lock.problem.message);
  await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
  const checked = await checkPolicies(root);
  if (checked.problems.length > 0) throw new Error(JSON.stringify(checked.problems));
  await syncPolicies(database.db, checked, systemClock);
}
