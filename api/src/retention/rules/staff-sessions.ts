// Staff sign-in sessions (user_session) of the organization's members, once
// the session has ended (signed out, idle, or at its absolute limit) longer
// ago than the period. Only the SHA-256 of a session token is stored; the
// rows still say who signed in from where and when.
import * as repository from '../retention.repository.ts';
import type { RetentionRule } from './rule.ts';

export const staffSessionsRule: RetentionRule = {
  category: 'staff-sessions',
  name: 'delete-ended-sessions',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P90D',
  summary: 'Staff sign-in sessions (address, browser, times) are deleted once they ended longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => repository.countEndedSessions(db, organizationId, cutoff),
  async runBatch(trx, { organizationId, cutoff }, limit) {
    const count = await repository.deleteEndedSessions(trx, organizationId, cutoff, limit);
    return { count, more: count === limit };
  },
};
