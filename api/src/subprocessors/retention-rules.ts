// The subprocessor domain's retention rules, what the retention sweep
// applies to objections (retention/rules/index.ts lists them): an objection
// nobody confirmed is deleted whole, and the objector's address and reason
// are erased once the objection was resolved longer ago than the period.
import type { RetentionRule } from '../retention/rules/rule.ts';
import { countContactsDue, countUnverifiedDue, deleteUnverifiedBatch, eraseContactsBatch } from './objections.repository.ts';

// Objections whose address was never confirmed: they never counted, and the
// address may be anyone's. Deleted, with the address, once submitted longer
// ago than the period.
export const unverifiedObjectionsRule: RetentionRule = {
  category: 'unverified-subprocessor-objections',
  name: 'delete-unverified-objections',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P7D',
  summary:
    'Objections to a subprocessor change whose email address was never confirmed are deleted once submitted longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => countUnverifiedDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff }, limit) {
    const count = await deleteUnverifiedBatch(trx, organizationId, cutoff, limit);
    return { count, more: count === limit };
  },
};

// The objector's email address and reason: erased once the objection was
// resolved longer ago than the period. The company, dates and outcome stay,
// as the record of how the change was handled; the evidence keeps counting
// the objector by the address's hash.
export const objectorContactsRule: RetentionRule = {
  category: 'subprocessor-objector-contacts',
  name: 'erase-resolved-objector-contacts',
  action: 'ANONYMIZE',
  outcome: 'anonymized',
  defaultPeriod: 'P24M',
  summary:
    'The email address and reason given with an objection to a subprocessor change are erased once the objection was resolved longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => countContactsDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff, now }, limit) {
    const count = await eraseContactsBatch(trx, organizationId, cutoff, now, limit);
    return { count, more: count === limit };
  },
};
