// The audit domain's retention rule, what the retention sweep applies to the
// audit trail (retention/rules/index.ts lists it). The audit domain imports
// no other domain, so this rule is declared by its shape rather than with
// retention's RetentionRule type; the registry's list checks it against
// that interface when it compiles.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { type AuditPurgeContext, countPurgeDue, purgeBatch } from './audit-purge.service.ts';
import { AUDIT_EVENTS_CATEGORY } from './purge-record.ts';

export const auditEventsRule = {
  category: AUDIT_EVENTS_CATEGORY,
  name: 'purge-whole-audit-months',
  action: 'DELETE' as const,
  outcome: 'deleted' as const,
  defaultPeriod: null,
  summary:
    'Whole calendar months of the audit trail that ended longer ago than the period are deleted, after a signed record of the last event removed is added to the trail; without a setting the trail is kept forever.',
  countDue: ({ db, organizationId, cutoff }: AuditPurgeContext) => countPurgeDue(db, organizationId, cutoff),
  runBatch: (trx: Kysely<Database>, context: AuditPurgeContext, limit: number) => purgeBatch(trx, context, limit),
};
