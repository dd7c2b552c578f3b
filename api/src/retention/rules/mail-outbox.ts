// Outgoing mail of the organization (mail_outbox): once a message was
// delivered, or given up after its retries, longer ago than the period, its
// row (recipient, subject, dates) is deleted. Bodies are emptied at delivery
// already.
import * as repository from '../retention.repository.ts';
import type { RetentionRule } from './rule.ts';

export const mailOutboxRule: RetentionRule = {
  category: 'mail-outbox',
  name: 'delete-finished-mail',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P30D',
  summary:
    'Records of mail sent to requesters (recipient, subject, dates) are deleted once delivered or given up longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => repository.countFinishedMail(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff }, limit) {
    const count = await repository.deleteFinishedMail(trx, organizationId, cutoff, limit);
    return { count, more: count === limit };
  },
};
