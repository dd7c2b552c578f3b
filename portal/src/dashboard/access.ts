// What each role may do, to offer only what the API would allow (the API
// refuses the rest anyway; see api/src/auth/permissions.ts).
export type Role = 'ADMIN' | 'PRIVACY_OFFICER' | 'AUDITOR' | 'VIEWER';
export type Capability =
  | 'audit:read'
  | 'tokens:manage'
  | 'users:manage'
  | 'deletion-requests:read'
  | 'deletion-requests:write'
  | 'retention:read'
  | 'retention:write'
  /** The audit trail's own retention (the audit-events category): admins only. */
  | 'audit-retention:write';

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  ADMIN: [
    'audit:read',
    'tokens:manage',
    'users:manage',
    'deletion-requests:read',
    'deletion-requests:write',
    'retention:read',
    'retention:write',
    'audit-retention:write',
  ],
  PRIVACY_OFFICER: ['deletion-requests:read', 'deletion-requests:write', 'retention:read', 'retention:write'],
  AUDITOR: ['audit:read', 'deletion-requests:read', 'retention:read'],
  VIEWER: ['deletion-requests:read', 'retention:read'],
};

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  PRIVACY_OFFICER: 'Privacy officer',
  AUDITOR: 'Auditor',
  VIEWER: 'Viewer',
};

export function allows(role: Role | null, isSiteAdmin: boolean, capability: Capability): boolean {
  if (isSiteAdmin) return true;
  return role !== null && CAPABILITIES[role].includes(capability);
}

/** What changing a retention category's setting needs: the audit trail's own is for admins only. */
export function retentionEditCapability(category: string): Capability {
  return category === 'audit-events' ? 'audit-retention:write' : 'retention:write';
}
