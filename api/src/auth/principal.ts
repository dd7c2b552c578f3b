// Who is making a request, established once per request from the session
// cookie or the bearer token, and what they may do in which organization.
import type { OrganizationRole } from '@governance/db';
import { type Permission, roleAllows, type TokenScope } from '@governance/policies/vocabulary/access';
import type { AuditActor } from '../audit/models.ts';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      email: string;
      name: string;
      isSiteAdmin: boolean;
      /** organization id → role */
      roles: ReadonlyMap<string, OrganizationRole>;
      sessionId: string;
      /**
       * Organizations that require two-step sign-in while this user has not
       * set it up: their data stays closed until the user enrols.
       */
      secondFactorMissingIn?: ReadonlySet<string>;
    }
  | { kind: 'token'; tokenId: string; name: string; organizationId: string; scopes: ReadonlySet<TokenScope> }
  /**
   * A scheduled job or an admin command acting for the deployment itself. It
   * may do anything, but it is named: a service called without a person
   * behind it still passes through the permission check, and the reason
   * becomes the actor label of what it records.
   */
  | SystemPrincipal;

export interface SystemPrincipal {
  kind: 'system';
  /** What is acting, e.g. "retention sweep" or "audit:verify command". */
  reason: string;
}

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function systemPrincipal(reason: string): SystemPrincipal {
  return { kind: 'system', reason };
}

/** Whether the principal holds `permission` in the organization. Default: no. */
export function can(principal: Principal, organizationId: string, permission: Permission): boolean {
  switch (principal.kind) {
    case 'user': {
      if (awaitsSecondFactor(principal, organizationId)) return false;
      if (principal.isSiteAdmin) return true;
      const role = principal.roles.get(organizationId);
      return role !== undefined && roleAllows(role, permission);
    }
    case 'token':
      return principal.organizationId === organizationId && (principal.scopes as ReadonlySet<string>).has(permission);
    case 'system':
      return true;
    default:
      return false;
  }
}

/** Whether the organization refuses this principal until they set up two-step sign-in (never an API token). */
export function awaitsSecondFactor(principal: Principal, organizationId: string | null): boolean {
  return principal.kind === 'user' && organizationId !== null && (principal.secondFactorMissingIn?.has(organizationId) ?? false);
}

export function auditActorOf(principal: Principal): AuditActor {
  switch (principal.kind) {
    case 'user':
      return { type: 'USER', id: principal.userId, label: principal.email };
    case 'token':
      return { type: 'API_TOKEN', id: principal.tokenId, label: principal.name };
    case 'system':
      return { type: 'SYSTEM', id: null, label: principal.reason };
    default:
      return { type: 'ANONYMOUS', id: null, label: null };
  }
}
