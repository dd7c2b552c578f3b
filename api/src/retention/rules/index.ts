// The built-in rules, in the order a sweep runs them: requests expire before
// closed requests are minimised, and the audit trail comes last, after the
// events of this sweep's other rules.
import { apiTokensRule } from './api-tokens.ts';
import { auditEventsRule } from './audit-events.ts';
import { deletionRequestPersonalDataRule } from './deletion-request-personal-data.ts';
import { mailOutboxRule } from './mail-outbox.ts';
import type { RetentionRule } from './rule.ts';
import { staffSessionsRule } from './staff-sessions.ts';
import { unverifiedDeletionRequestsRule } from './unverified-deletion-requests.ts';

export type { BatchResult, RetentionRule, RuleContext } from './rule.ts';

export const BUILT_IN_RULES: readonly RetentionRule[] = [
  unverifiedDeletionRequestsRule,
  deletionRequestPersonalDataRule,
  staffSessionsRule,
  mailOutboxRule,
  apiTokensRule,
  auditEventsRule,
];

export function ruleFor(category: string): RetentionRule | undefined {
  return BUILT_IN_RULES.find((rule) => rule.category === category);
}

/** Shown for categories the product holds no data of: the organization keeps them elsewhere. */
export const NOT_ENFORCED_NOTE = 'not enforced by this system';
