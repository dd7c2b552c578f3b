// The deletion-request domain's retention rules, what the retention sweep
// applies to requests (retention/rules/index.ts lists them): requests
// nobody verified expire, then the personal data of closed requests is
// erased. The work itself is minimisation.service.ts.
import type { RetentionRule } from '../retention/rules/rule.ts';
import { countPersonalDataDue, countUnverifiedDue, erasePersonalDataBatch, expireUnverifiedBatch } from './minimisation.service.ts';

// Deletion requests whose email address was never confirmed: received
// longer ago than the period, they expire (status EXPIRED, closed), so no
// one works on a request nobody proved was theirs. Their personal data then
// goes with the deletion-request-personal-data rule.
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

// The personal data of closed deletion requests (email, name, account,
// details, and the text of staff notes): erased once the request closed
// longer ago than the period. The request itself stays, with its reference,
// status, dates and receipt, as proof of what was done.
export const deletionRequestPersonalDataRule: RetentionRule = {
  category: 'deletion-request-personal-data',
  name: 'erase-closed-request-personal-data',
  action: 'ANONYMIZE',
  outcome: 'anonymized',
  defaultPeriod: 'P24M',
  summary:
    'The email, name, account and details of a deletion request, and staff notes on it, are erased once the request closed longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => countPersonalDataDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff, now, period }, limit) {
    const count = await erasePersonalDataBatch(trx, { organizationId, cutoff, now, period, limit });
    return { count, more: count === limit };
  },
};
