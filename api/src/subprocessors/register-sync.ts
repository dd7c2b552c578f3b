// The policy sync's step for subprocessor lists: inserts each version not yet
// stored and refuses a published version whose content changed. It runs in
// the sync's transaction (policies/policy-sync.service.ts), so a list and the
// policies land together or not at all.

import type { Db } from '@governance/db';
import type { RegisterVersionSource } from '@governance/policies/subprocessors/register-files';
import { canonicalRegister, registerKey } from '@governance/policies/subprocessors/register-files';
import { startOfDateUtc } from '@governance/policies/vocabulary/version-in-force';
import { DomainError } from '../shared/domain-error.ts';
import * as repository from './subprocessors.repository.ts';

export interface RegisterSyncResult {
  /**
   * `org/subprocessors@version` of every version inserted, with its new id;
   * `firstOfOrganization` when the organization had no list stored before
   * (its seed: nothing to give notice of).
   */
  inserted: { key: string; id: string; source: RegisterVersionSource; firstOfOrganization: boolean }[];
  unchanged: number;
}

/**
 * @param organizationIds the synced organizations' ids by slug.
 * @throws DomainError POLICY_VERSION_CHANGED when a published list's content differs from its file.
 */
export async function syncSubprocessorLists(
  trx: Db,
  registers: readonly RegisterVersionSource[],
  organizationIds: ReadonlyMap<string, string>,
  relative: (file: string) => string,
): Promise<RegisterSyncResult> {
  const result: RegisterSyncResult = { inserted: [], unchanged: 0 };
  for (const [organization, versions] of Map.groupBy(registers, (register) => register.organization)) {
    const organizationId = organizationIds.get(organization);
    if (!organizationId) throw new Error(`organization ${organization} was not synced`);
    const stored = await repository.storedHashes(trx, organizationId);
    const firstOfOrganization = stored.size === 0;
    for (const source of versions) {
      const storedHash = stored.get(source.data.version);
      if (storedHash === source.sha256) {
        result.unchanged++;
        continue;
      }
      if (storedHash !== undefined) {
        throw new DomainError(
          'POLICY_VERSION_CHANGED',
          `${relative(source.file)}: list ${registerKey(source)} was published with sha256 ${storedHash} and its content now differs (sha256 ${source.sha256}). Published lists are immutable: restore the file and publish the change as a new version.`,
        );
      }
      const id = await repository.insertListVersion(trx, {
        organizationId,
        version: source.data.version,
        announcedAt: startOfDateUtc(source.data.announced),
        effectiveAt: startOfDateUtc(source.data.effective),
        summary: source.data.summary,
        canonicalJson: canonicalRegister(source.data),
        sha256: source.sha256,
        sourcePath: relative(source.file),
      });
      result.inserted.push({ key: registerKey(source), id, source, firstOfOrganization });
    }
  }
  return result;
}
