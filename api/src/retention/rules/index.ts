// The rule registry: every retention rule of the product, in the order a
// sweep runs them. Retention only orchestrates; each domain owns its data's
// retention and supplies its rules from one entry point beside its services,
// `<domain>/retention-rules.ts`, whose rules reach their data through the
// domain's own repository or service. This list imports only those entries,
// never another domain's repository; a new rule goes in its domain's entry
// and then here.
//
// The order: requests expire before closed requests are minimised, and the
// audit trail comes last, after the events of this sweep's other rules.
import { auditEventsRule } from '../../audit/retention-rules.ts';
import { apiTokensRule, staffSessionsRule } from '../../auth/retention-rules.ts';
import { deletionRequestPersonalDataRule, unverifiedDeletionRequestsRule } from '../../deletion-requests/retention-rules.ts';
import { mailOutboxRule } from '../../mail/retention-rules.ts';
import { privacyRequestPackagesRule } from '../../privacy-packages/retention-rules.ts';
import { objectorContactsRule, unverifiedObjectionsRule } from '../../subprocessors/retention-rules.ts';
import { changeSubscribersRule } from '../../subscriptions/retention-rules.ts';
import type { RetentionRule } from './rule.ts';

export type { BatchResult, RetentionRule, RuleContext } from './rule.ts';

export const BUILT_IN_RULES: readonly RetentionRule[] = [
  unverifiedDeletionRequestsRule,
  deletionRequestPersonalDataRule,
  unverifiedObjectionsRule,
  objectorContactsRule,
  privacyRequestPackagesRule,
  staffSessionsRule,
  mailOutboxRule,
  changeSubscribersRule,
  apiTokensRule,
  // Declared by its shape (the audit domain imports no other domain): checked against RetentionRule here.
  auditEventsRule,
];

export function ruleFor(category: string): RetentionRule | undefined {
  return BUILT_IN_RULES.find((rule) => rule.category === category);
}

/** Shown for categories the product holds no data of: the organization keeps them elsewhere. */
export const NOT_ENFORCED_NOTE = 'not enforced by this system';
