// API tokens of the organization that were revoked or expired longer ago
// than the period. No table references a token by key (the audit trail
// names it by id as text, and keeps that), so the row is deleted.
import * as repository from '../retention.repository.ts';
import type { RetentionRule } from './rule.ts';

export const apiTokensRule: RetentionRule = {
  category: 'api-tokens',
  name: 'delete-ended-tokens',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P1Y',
  summary: 'API tokens are deleted once revoked or expired longer ago than the period; the audit trail keeps what they did.',
  countDue: ({ db, organizationId, cutoff }) => repository.countEndedTokens(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff }, limit) {
    const count = await repository.deleteEndedTokens(trx, organizationId, cutoff, limit);
    return { count, more: count === limit };
  },
};
