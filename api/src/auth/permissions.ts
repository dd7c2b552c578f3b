// What each role and token scope may do. One table, read by the GraphQL
// scope checks and by the services, so a rule is written once.
import type { OrganizationRole } from '@governance/db';

export type { OrganizationRole };

export const ORGANIZATION_ROLES = ['ADMIN', 'PRIVACY_OFFICER', 'AUDITOR', 'VIEWER'] as const satisfies readonly OrganizationRole[];

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
  | 'users:manage';

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
  ],
  PRIVACY_OFFICER: ['policies:read', 'retention:read', 'retention:write', 'deletion-requests:read', 'deletion-requests:write'],
  AUDITOR: ['policies:read', 'retention:read', 'deletion-requests:read', 'audit:read'],
  VIEWER: ['policies:read', 'retention:read', 'deletion-requests:read'],
};

export function roleAllows(role: OrganizationRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}
