// Every action the product records in the audit trail, in one style:
// `<subject>.<what_happened>`, lower case, words joined by `_`, the second
// part in the past tense (`deletion_request.completed`, `auth.login_failed`).
// The API records only these (api/src/audit/actions.ts); the dashboard shows
// them. Events are immutable and hash-chained, so a renamed action keeps its
// former names here: rows recorded under them keep them, the filters find
// them under either name, and the dashboard shows the current one.

export const AUDIT_ACTION = {
  // --- sign-in and staff --------------------------------------------------------
  loginSucceeded: 'auth.login_succeeded',
  loginFailed: 'auth.login_failed',
  loginLocked: 'auth.login_locked',
  loggedOut: 'auth.logged_out',
  accessDenied: 'auth.access_denied',
  userCreated: 'user.created',
  userSessionsEnded: 'user.sessions_ended',
  memberAdded: 'member.added',
  memberRoleChanged: 'member.role_changed',
  memberDisabled: 'member.disabled',
  memberInvitationAccepted: 'member.invitation_accepted',
  memberInvitationDeclined: 'member.invitation_declined',
  apiTokenCreated: 'api_token.created',
  apiTokenRevoked: 'api_token.revoked',
  secondFactorEnrolled: 'second_factor.enrolled',
  secondFactorRecoveryCodesRegenerated: 'second_factor.recovery_codes_regenerated',
  secondFactorRecoveryCodeUsed: 'second_factor.recovery_code_used',
  secondFactorReset: 'second_factor.reset',
  organizationSecondFactorRequirementChanged: 'organization.second_factor_requirement_changed',
  // --- policies -------------------------------------------------------------------
  organizationCreated: 'organization.created',
  organizationUpdated: 'organization.updated',
  policyCreated: 'policy.created',
  policyTitleChanged: 'policy.title_changed',
  policyVersionPublished: 'policy.version_published',
  subprocessorListPublished: 'subprocessor_list.version_published',
  // --- change notices -------------------------------------------------------------
  changeSubscriptionConfirmed: 'change_subscription.confirmed',
  changeSubscriptionEnded: 'change_subscription.ended',
  changeNoticesSent: 'change_notice.sent',
  // --- deletion requests --------------------------------------------------------
  deletionRequestSubmitted: 'deletion_request.submitted',
  deletionRequestVerified: 'deletion_request.verified',
  deletionRequestAssigned: 'deletion_request.assigned',
  deletionRequestStarted: 'deletion_request.started',
  deletionRequestHeld: 'deletion_request.held',
  deletionRequestResumed: 'deletion_request.resumed',
  deletionRequestExtended: 'deletion_request.extended',
  deletionRequestCompleted: 'deletion_request.completed',
  deletionRequestRejected: 'deletion_request.rejected',
  deletionRequestCancelled: 'deletion_request.cancelled',
  deletionRequestNoteAdded: 'deletion_request.note_added',
  // --- subprocessor objections ------------------------------------------------------
  subprocessorObjectionSubmitted: 'subprocessor_objection.submitted',
  subprocessorObjectionVerified: 'subprocessor_objection.verified',
  subprocessorObjectionResolved: 'subprocessor_objection.resolved',
  subprocessorChangeEvidenceExported: 'subprocessor_change.evidence_exported',
  policyChangeEvidenceExported: 'policy_change.evidence_exported',
  deletionRequestCorrectionsDecided: 'deletion_request.corrections_decided',
  // --- privacy request packages -------------------------------------------------
  privacyPackageSealed: 'privacy_package.sealed',
  privacyPackageLinkIssued: 'privacy_package.link_issued',
  privacyPackageLinkRevoked: 'privacy_package.link_revoked',
  privacyPackageIdentityProved: 'privacy_package.identity_proof_recorded',
  privacyPackageDownloaded: 'privacy_package.downloaded',
  // --- retention -------------------------------------------------------------------
  retentionSettingUpdated: 'retention.setting_updated',
  retentionSettingsLoaded: 'retention.settings_loaded',
  retentionSwept: 'retention.swept',
  /** The signed record of a purge of audit events: chain verification reads it by this name. */
  retentionPurged: 'retention.purged',
} as const;

export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION];

export interface AuditActionEntry {
  /** What happened in a few words, as the dashboard lists it: "Role changed". */
  label: string;
  description: string;
  /** Names events of this action were recorded under before; they keep them. */
  formerNames?: readonly string[];
}

export const AUDIT_ACTIONS: Record<AuditAction, AuditActionEntry> = {
  'auth.login_succeeded': {
    label: 'Signed in',
    description: 'A staff user signed in (metadata: which factor).',
    formerNames: ['auth.login.succeeded'],
  },
  'auth.login_failed': {
    label: 'Sign-in failed',
    description: 'A sign-in failed: wrong password or code (metadata: step, reason; the account only if it exists).',
    formerNames: ['auth.login.failed'],
  },
  'auth.login_locked': {
    label: 'Sign-in locked out',
    description: 'Failed sign-ins locked an account or an address out, recorded once per lockout.',
    formerNames: ['auth.login.locked'],
  },
  'auth.logged_out': { label: 'Signed out', description: 'A staff user signed out.', formerNames: ['auth.logout'] },
  'auth.access_denied': {
    label: 'Access refused',
    description: 'A caller was refused an action (metadata: what was attempted).',
    formerNames: ['auth.access.denied'],
  },
  'user.created': { label: 'Account created', description: 'A staff account was created (command or invitation).' },
  'user.sessions_ended': { label: 'Sessions ended', description: "A user's sessions ended with their last membership (site chain)." },
  'member.added': { label: 'Member invited', description: 'A person was invited to an organization with a role.' },
  'member.role_changed': { label: 'Role changed', description: "A member's role changed." },
  'member.disabled': { label: 'Member disabled', description: 'A member was disabled: sessions ended, tokens revoked.' },
  'member.invitation_accepted': { label: 'Invitation accepted', description: 'An invited person accepted, and the role took effect.' },
  'member.invitation_declined': { label: 'Invitation declined', description: 'An invited person declined.' },
  'api_token.created': { label: 'API token created', description: 'An API token was created (its name and scopes, never its value).' },
  'api_token.revoked': { label: 'API token revoked', description: 'An API token was revoked.' },
  'second_factor.enrolled': { label: 'Two-step sign-in turned on', description: 'A user turned two-step sign-in on.' },
  'second_factor.recovery_codes_regenerated': { label: 'New recovery codes made', description: 'A user made new recovery codes.' },
  'second_factor.recovery_code_used': { label: 'Recovery code used', description: 'A recovery code was used to sign in.' },
  'second_factor.reset': { label: 'Two-step sign-in reset', description: "An admin reset a member's two-step sign-in." },
  'organization.second_factor_requirement_changed': {
    label: 'Two-step sign-in requirement changed',
    description: 'An organization began or stopped requiring two-step sign-in.',
  },
  'organization.created': { label: 'Organization created', description: 'A policy sync created an organization.' },
  'organization.updated': { label: 'Organization details changed', description: "A policy sync changed an organization's details." },
  'policy.created': { label: 'Policy created', description: 'A policy sync created a policy.' },
  'policy.title_changed': {
    label: 'Policy title changed',
    description: "A policy sync changed a policy's title.",
    formerNames: ['policy.title.changed'],
  },
  'policy.version_published': {
    label: 'Policy version published',
    description: 'A policy sync published a version (metadata: version, sha256, effective date).',
    formerNames: ['policy.version.published'],
  },
  'subprocessor_list.version_published': {
    label: 'Subprocessor list published',
    description: 'A policy sync published a version of the subprocessor list (metadata: version, sha256, announced and effective dates).',
  },
  'change_subscription.confirmed': {
    label: 'Subscription to changes confirmed',
    description: 'Someone confirmed a subscription to notices of changes (metadata: topics; no address recorded).',
  },
  'change_subscription.ended': {
    label: 'Subscription to changes ended',
    description: 'A subscriber unsubscribed; the address was erased (metadata: how).',
  },
  'change_notice.sent': {
    label: 'Change notices queued',
    description:
      'A policy sync queued one notice of an announced change to each confirmed subscriber of its topic (metadata: topic, version, count).',
  },
  'deletion_request.submitted': {
    label: 'Deletion request submitted',
    description: 'A requester submitted a deletion request (no personal data recorded).',
  },
  'deletion_request.verified': {
    label: 'Deletion request verified',
    description: "The requester's address was confirmed, by the email link or by staff.",
  },
  'deletion_request.assigned': { label: 'Deletion request assigned', description: 'Staff assigned (or unassigned) a request.' },
  'deletion_request.started': { label: 'Deletion request started', description: 'Staff started work on a request.' },
  'deletion_request.held': { label: 'Deletion request put on hold', description: 'Staff put a request on hold.' },
  'deletion_request.resumed': { label: 'Deletion request resumed', description: 'Staff ended a hold.' },
  'deletion_request.extended': { label: 'Deletion request deadline extended', description: "Staff extended a request's deadline." },
  'deletion_request.completed': {
    label: 'Deletion request completed',
    description: 'Staff completed a request; a signed receipt was issued.',
  },
  'deletion_request.rejected': { label: 'Deletion request rejected', description: 'Staff rejected a request.' },
  'deletion_request.cancelled': { label: 'Deletion request cancelled', description: 'Staff cancelled a request.' },
  'deletion_request.note_added': { label: 'Note added to a deletion request', description: 'Staff added an internal note.' },
  'subprocessor_objection.submitted': {
    label: 'Objection to a subprocessor change submitted',
    description:
      'A customer contact objected to a subprocessor list version; it counts once the address is confirmed (no personal data recorded).',
  },
  'subprocessor_objection.verified': {
    label: 'Objection confirmed',
    description: "The objector's email address was confirmed by the mailed link (metadata: version).",
  },
  'subprocessor_objection.resolved': {
    label: 'Objection resolved',
    description: 'Staff resolved an objection (metadata: version, outcome; the note stays with the objection).',
  },
  'subprocessor_change.evidence_exported': {
    label: 'Notice evidence exported',
    description: 'Staff exported the signed evidence of a subprocessor change (metadata: version, counts).',
  },
  'policy_change.evidence_exported': {
    label: 'Policy notice evidence exported',
    description: 'Staff exported the signed evidence of a material policy version’s notices (metadata: policy, version, count).',
  },
  'deletion_request.corrections_decided': {
    label: 'Correction decisions saved',
    description: 'Staff decided the correction items of a request, or named whom they told of the correction.',
  },
  'privacy_package.sealed': {
    label: 'Data package sealed',
    description: 'Staff sealed the package answering an access or portability request (metadata: its SHA-256 and size; never the data).',
  },
  'privacy_package.link_issued': {
    label: 'Data package released',
    description: 'A download link for a package was issued on the status page (metadata: expiry and downloads allowed).',
  },
  'privacy_package.link_revoked': { label: 'Data package link revoked', description: "Staff withdrew a package's download link." },
  'privacy_package.identity_proof_recorded': {
    label: 'Identity proof recorded',
    description: "Staff recorded proof of the requester's identity before releasing a package (not how: that stays in the timeline).",
  },
  'privacy_package.downloaded': {
    label: 'Data package downloaded',
    description: 'The requester downloaded their package from the status page (metadata: format and downloads so far).',
  },
  'retention.setting_updated': { label: 'Retention setting changed', description: "A retention category's setting changed." },
  'retention.settings_loaded': {
    label: 'Retention settings loaded',
    description: 'The initial retention settings were loaded from the settings file.',
  },
  'retention.swept': {
    label: 'Retention sweep finished a category',
    description: 'The retention sweep finished a category (metadata: period, cutoff, count).',
  },
  'retention.purged': {
    label: 'Audit events purged',
    description: 'Audit events before a signed checkpoint were purged (the signed purge record).',
  },
};

const CURRENT_NAME = new Map<string, AuditAction>(
  (Object.entries(AUDIT_ACTIONS) as [AuditAction, AuditActionEntry][]).flatMap(([name, entry]) =>
    [name, ...(entry.formerNames ?? [])].map((stored) => [stored, name] as const),
  ),
);

/** The name to show for an action as stored: the current name of a renamed one, else the name itself. */
export function currentActionName(stored: string): string {
  return CURRENT_NAME.get(stored) ?? stored;
}

const isAtOrBelow = (name: string, filter: string) => name === filter || name.startsWith(`${filter}.`);

/**
 * Stored names a filter for `filter` (an action or a prefix of one) must find
 * beyond those at or below it: every name, current or former, of each
 * renamed action that the filter names under either of its names.
 */
export function formerActionNamesMatching(filter: string): string[] {
  const names = new Set<string>();
  for (const [name, entry] of Object.entries(AUDIT_ACTIONS) as [AuditAction, AuditActionEntry][]) {
    const all = [name, ...(entry.formerNames ?? [])];
    if (entry.formerNames && all.some((stored) => isAtOrBelow(stored, filter))) {
      for (const stored of all) if (!isAtOrBelow(stored, filter)) names.add(stored);
    }
  }
  return [...names].sort();
}

/** "Role changed" for `member.role_changed`, and for its former names; the stored name itself for one the registry does not know. */
export function actionLabel(stored: string): string {
  const entry = (AUDIT_ACTIONS as Record<string, AuditActionEntry | undefined>)[currentActionName(stored)];
  return entry?.label ?? stored;
}

/**
 * Labels of the details (metadata) events carry: one key means the same in
 * every action that records it. A key not listed here is shown by its name
 * in words ("tokensRevoked" as "Tokens revoked").
 */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  attempted: 'Attempted',
  by: 'Confirmed by',
  categories: 'Categories',
  category: 'Category',
  count: 'Items',
  cutoff: 'Cutoff',
  duplicateOf: 'Duplicate of',
  email: 'Email',
  expiresAt: 'Expires',
  from: 'From',
  invitationWithdrawn: 'Invitation withdrawn',
  jurisdiction: 'Jurisdiction',
  limits: 'Limits reached',
  method: 'Method',
  name: 'Name',
  notified: 'Subscribers notified',
  objections: 'Objections',
  outcome: 'Outcome',
  period: 'Period',
  reason: 'Reason',
  recoveryCodes: 'Recovery codes',
  recoveryCodesLeft: 'Recovery codes left',
  reference: 'Reference',
  required: 'Required',
  role: 'Role',
  scopes: 'Scopes',
  sessionsEnded: 'Sessions ended',
  siteAdmin: 'Site administrator',
  source: 'Source',
  step: 'Step',
  to: 'To',
  tokensRevoked: 'Tokens revoked',
  version: 'Version',
};

/** The label of a detail: from the list above, else its name in words. */
export function detailLabel(key: string): string {
  const known = AUDIT_DETAIL_LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
