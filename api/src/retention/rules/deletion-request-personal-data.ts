// The personal data of closed deletion requests (email, name, account,
// details, and the text of staff notes): erased once the request closed
// longer ago than the period. The request itself stays, with its reference,
// status, dates and receipt, as proof of what was done.
import { countPersonalDataDue, erasePersonalDataBatch } from '../../deletion-requests/minimisation.service.ts';
import type { RetentionRule } from './rule.ts';

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
