// Deletion requests whose email address was never confirmed: received
// longer ago than the period, they expire (status EXPIRED, closed), so no
// one works on a request nobody proved was theirs. Their personal data then
// goes with the deletion-request-personal-data rule.
import { countUnverifiedDue, expireUnverifiedBatch } from '../../deletion-requests/minimisation.service.ts';
import type { RetentionRule } from './rule.ts';

export const unverifiedDeletionRequestsRule: RetentionRule = {
  category: 'unverified-deletion-requests',
  name: 'expire-unverified-requests',
  action: 'DELETE',
  outcome: 'expired',
  defaultPeriod: 'P30D',
  summary: 'Deletion requests whose email address was never confirmed expire once received longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => countUnverifiedDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff, now, period }, limit) {
    const count = await expireUnverifiedBatch(trx, { organizationId, cutoff, now, period, limit });
    return { count, more: count === limit };
  },
};
