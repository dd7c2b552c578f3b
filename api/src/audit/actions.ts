// The registry of audit actions: every action the product records, each a
// constant with a one-line description and any former names. The registry
// itself lives with the vocabulary the dashboard shares
// (@governance/policies/vocabulary/audit-actions), so the trail it shows names
// each action one way; here is the audit domain's door to it.
export {
  AUDIT_ACTION,
  AUDIT_ACTIONS,
  type AuditAction,
  currentActionName,
  formerActionNamesMatching,
} from '@governance/policies/vocabulary/audit-actions';
