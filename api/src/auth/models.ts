import type { OrganizationRole } from '@governance/db';
import type { TokenScope } from '@governance/policies/vocabulary/access';

export interface User {
  id: string;
  email: string;
  name: string;
  isSiteAdmin: boolean;
  disabled: boolean;
}

export interface Membership {
  organizationId: string;
  role: OrganizationRole;
}

export interface ApiToken {
  id: string;
  organizationId: string;
  name: string;
  /** The token's first characters, to tell tokens apart in a list. */
  prefix: string;
  scopes: TokenScope[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}
