// What each role and token scope may do. One table, read by the API's scope
// checks and services (which enforce it) and by the dashboard (which offers
// only what the API would allow), so a rule is written once.

export const ORGANIZATION_ROLES = ['ADMIN', 'PRIVACY_OFFICER', 'AUDITOR', 'VIEWER'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** Read permissions double as API token scopes. */
export const TOKEN_SCOPES = ['policies:read', 'retention:read', 'deletion-requests:read', 'audit:read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export type Permission =
  | TokenScope
  | 'retention:write'
  /** Changing the audit trail's own retention: it decides how long the proof of everything else lasts. */
  | 'audit-retention:write'
  | 'deletion-requests:write'
  | 'tokens:manage'
  | 'users:manage'
  /** Reading objections to subprocessor changes (objectors' addresses included) and exporting the signed evidence of a change. */
  | 'subprocessor-objections:read'
  /** Resolving an objection with an outcome. */
  | 'subprocessor-objections:write'
  /**
   * Listing the organization's announced changes with their notice counts and
   * exporting the signed evidence of a policy change's notices: a record for
   * the people who answer for the notices (privacy staff) and those who check
   * them (auditors). It names nobody (subscribers are salted hashes).
   */
  | 'change-evidence:export';

const ROLE_PERMISSIONS: Record<OrganizationRole, readonly Permission[]> = {
  ADMIN: [
    'policies:read',
    'retention:read',
    'retention:write',
    'audit-retention:write',
    'deletion-requests:read',
    'deletion-requests:write',
    'audit:read',
    'tokens:manage',
    'users:manage',
    'subprocessor-objections:read',
    'subprocessor-objections:write',
    'change-evidence:export',
  ],
  PRIVACY_OFFICER: [
    'policies:read',
    'retention:read',
    'retention:write',
    'deletion-requests:read',
    'deletion-requests:write',
    'subprocessor-objections:read',
    'subprocessor-objections:write',
    'change-evidence:export',
  ],
  AUDITOR: [
    'policies:read',
    'retention:read',
    'deletion-requests:read',
    'audit:read',
    'subprocessor-objections:read',
    'change-evidence:export',
  ],
  VIEWER: ['policies:read', 'retention:read', 'deletion-requests:read'],
};

export const ROLE_LABELS: Record<OrganizationRole, string> = {
  ADMIN: 'Admin',
  PRIVACY_OFFICER: 'Privacy officer',
  AUDITOR: 'Auditor',
  VIEWER: 'Viewer',
};

export function roleAllows(role: OrganizationRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A member's role, or a site admin, who may do everything. */
export function allows(role: OrganizationRole | null, isSiteAdmin: boolean, permission: Permission): boolean {
  if (isSiteAdmin) return true;
  return role !== null && roleAllows(role, permission);
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** The retention category of the audit trail itself. */
export const AUDIT_EVENTS_CATEGORY = 'audit-events';

/** What changing a retention category's setting needs, on top of reading it: the audit trail's own is for admins only. */
export function permissionToChangeRetention(category: string): Permission {
  return category === AUDIT_EVENTS_CATEGORY ? 'audit-retention:write' : 'retention:write';
}
