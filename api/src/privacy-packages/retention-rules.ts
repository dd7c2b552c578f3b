// The privacy-packages domain's retention rule (retention/rules/index.ts
// lists it): a package's contents are erased once its delivery is over, and
// its SHA-256 and size stay as proof of what was sent.
import type { RetentionRule } from '../retention/rules/rule.ts';
import { countErasableDue, eraseDueBatch } from './packages.repository.ts';

// The clock starts when the package was delivered (first download) or its
// link expired, whichever came first, or when staff revoked the link; a
// package never released counts from its sealing.
export const privacyRequestPackagesRule: RetentionRule = {
  category: 'privacy-request-packages',
  name: 'erase-delivered-packages',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P14D',
  summary:
    'The contents of a data package answering an access or portability request are erased once it was downloaded, or its link expired or was revoked, longer ago than the period; its hash and size stay.',
  countDue: ({ db, organizationId, cutoff }) => countErasableDue(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff, now }, limit) {
    const erased = await eraseDueBatch(trx, organizationId, cutoff, now, limit);
    return { count: erased.length, more: erased.length === limit };
  },
};
