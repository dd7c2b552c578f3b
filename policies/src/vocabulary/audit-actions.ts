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
  // --- retention -------------------------------------------------------------------
  retentionSettingUpdated: 'retention.setting_updated',
  retentionSettingsLoaded: 'retention.settings_loaded',
  retentionSwept: 'retention.swept',
  /** The signed record of a purge of audit events: chain verification reads it by this name. */
  retentionPurged: 'retention.purged',
} as const;

export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION];

export interface AuditActionEntry {
  description: string;
  /** Names events of this action were recorded under before; they keep them. */
  formerNames?: readonly string[];
}

export const AUDIT_ACTIONS: Record<AuditAction, AuditActionEntry> = {
  'auth.login_succeeded': {
    description: 'A staff user signed in (metadata: which factor).',
    formerNames: ['auth.login.succeeded'],
  },
  'auth.login_failed': {
    description: 'A sign-in failed: wrong password or code (metadata: step, reason; the account only if it exists).',
    formerNames: ['auth.login.failed'],
  },
  'auth.login_locked': {
    description: 'Failed sign-ins locked an account or an address out, recorded once per lockout.',
    formerNames: ['auth.login.locked'],
  },
  'auth.logged_out': { description: 'A staff user signed out.', formerNames: ['auth.logout'] },
  'auth.access_denied': {
    description: 'A caller was refused an action (metadata: what was attempted).',
    formerNames: ['auth.access.denied'],
  },
  'user.created': { description: 'A staff account was created (command or invitation).' },
  'user.sessions_ended': { description: "A user's sessions ended with their last membership (site chain)." },
  'member.added': { description: 'A person was invited to an organization with a role.' },
  'member.role_changed': { description: "A member's role changed." },
  'member.disabled': { description: 'A member was disabled: sessions ended, tokens revoked.' },
  'member.invitation_accepted': { description: 'An invited person accepted, and the role took effect.' },
  'member.invitation_declined': { description: 'An invited person declined.' },
  'api_token.created': { description: 'An API token was created (its name and scopes, never its value).' },
  'api_token.revoked': { description: 'An API token was revoked.' },
  'second_factor.enrolled': { description: 'A user turned two-step sign-in on.' },
  'second_factor.recovery_codes_regenerated': { description: 'A user made new recovery codes.' },
  'second_factor.recovery_code_used': { description: 'A recovery code was used to sign in.' },
  'second_factor.reset': { description: "An admin reset a member's two-step sign-in." },
  'organization.second_factor_requirement_changed': {
    description: 'An organization began or stopped requiring two-step sign-in.',
  },
  'organization.created': { description: 'A policy sync created an organization.' },
  'organization.updated': { description: "A policy sync changed an organization's details." },
  'policy.created': { description: 'A policy sync created a policy.' },
  'policy.title_changed': { description: "A policy sync changed a policy's title.", formerNames: ['policy.title.changed'] },
  'policy.version_published': {
    description: 'A policy sync published a version (metadata: version, sha256, effective date).',
    formerNames: ['policy.version.published'],
  },
  'subprocessor_list.version_published': {
    description: 'A policy sync published a version of the subprocessor list (metadata: version, sha256, announced and effective dates).',
  },
  'deletion_request.submitted': { description: 'A requester submitted a deletion request (no personal data recorded).' },
  'deletion_request.verified': { description: "The requester's address was confirmed, by the email link or by staff." },
  'deletion_request.assigned': { description: 'Staff assigned (or unassigned) a request.' },
  'deletion_request.started': { description: 'Staff started work on a request.' },
  'deletion_request.held': { description: 'Staff put a request on hold.' },
  'deletion_request.resumed': { description: 'Staff ended a hold.' },
  'deletion_request.extended': { description: "Staff extended a request's deadline." },
  'deletion_request.completed': { description: 'Staff completed a request; a signed receipt was issued.' },
  'deletion_request.rejected': { description: 'Staff rejected a request.' },
  'deletion_request.cancelled': { description: 'Staff cancelled a request.' },
  'deletion_request.note_added': { description: 'Staff added an internal note.' },
  'retention.setting_updated': { description: "A retention category's setting changed." },
  'retention.settings_loaded': { description: 'The initial retention settings were loaded from the settings file.' },
  'retention.swept': { description: 'The retention sweep finished a category (metadata: period, cutoff, count).' },
  'retention.purged': { description: 'Audit events before a signed checkpoint were purged (the signed purge record).' },
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
