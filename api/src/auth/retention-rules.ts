// The auth domain's retention rules, what the retention sweep applies to
// staff sign-in sessions and API tokens (retention/rules/index.ts lists
// them). Their SQL is in credential-retention.repository.ts.
import type { RetentionRule } from '../retention/rules/rule.ts';
import * as repository from './credential-retention.repository.ts';

// Staff sign-in sessions (user_session) of the organization's members, once
// the session has ended (signed out, idle, or at its absolute limit) longer
// ago than the period. Only the SHA-256 of a session token is stored; the
// rows still say who signed in from where and when.
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

// API tokens of the organization that were revoked or expired longer ago
// than the period. No table references a token by key (the audit trail
// names it by id as text, and keeps that), so the row is deleted.
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
