// The subscriptions domain's retention rule, what the retention sweep applies
// to subscribers of change notices (retention/rules/index.ts lists it). Its
// SQL is in subscriber-retention.repository.ts.
import type { RetentionRule } from '../retention/rules/rule.ts';
import * as repository from './subscriber-retention.repository.ts';

// Addresses of people who asked for notices of changes. A subscription never
// confirmed is deleted, address and all, once requested longer ago than the
// period (its link works for 7 days at most). An unsubscribed address is
// erased at the moment of unsubscribing (subscriptions.service.ts); what is
// left of the subscription (a salted hash of the address, dates) is deleted
// once unsubscribed longer ago than the period. Notices keep only the hash.
export const changeSubscribersRule: RetentionRule = {
  category: 'change-subscribers',
  name: 'delete-unconfirmed-and-ended-subscriptions',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P7D',
  summary:
    'Addresses of people who asked for notices of changes: a subscription never confirmed is deleted once requested longer ago than the period; an address is erased the moment its owner unsubscribes, and what is left of the subscription is deleted once it ended longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => repository.countDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff }, limit) {
    const count = await repository.deleteDueBatch(trx, organizationId, cutoff, limit);
    return { count, more: count === limit };
  },
};
