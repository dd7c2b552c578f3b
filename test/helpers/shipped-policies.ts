// The database as `pnpm start` leaves it on a fresh checkout: the policies
// shipped in policies/ synced, and their initial retention settings loaded.
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { loadRetentionFiles } from '@governance/api/retention/retention.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import type { TestDatabase } from './database.ts';
import { POLICIES_DIR } from './policy-files.ts';

export async function syncShippedPolicies(database: TestDatabase): Promise<void> {
  const checked = await checkPolicies(POLICIES_DIR);
  if (checked.problems.length > 0) throw new Error(`the shipped policies have problems: ${checked.problems[0]?.message}`);
  await syncPolicies(database.db, checked, systemClock);
  await loadRetentionFiles(
    { db: database.db, clock: systemClock, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR },
    checked.retention,
    (file) => file,
  );
}
