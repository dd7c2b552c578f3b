// The one permission check of the services. The schema declares a rule on
// every field and refuses first (recording the denial in the audit trail);
// the services check again here, so that no other caller (a command, a job,
// a test, a future field) reaches data without the same rule.

import type { Permission } from '@governance/policies/vocabulary/access';
import { DomainError } from '../shared/domain-error.ts';
import { can, type Principal } from './principal.ts';

/**
 * Refuses unless the principal holds `permission` in the organization.
 * `organizationId` null means records of no organization (the site's own,
 * such as sign-ins): only site administrators and the system reach those.
 */
export function requirePermission(principal: Principal, organizationId: string | null, permission: Permission): void {
  if (organizationId === null ? holdsSiteWide(principal) : can(principal, organizationId, permission)) return;
  // The same answer whether the organization exists or not. (The schema,
  // which refuses first, tells the anonymous and the unenrolled apart.)
  throw new DomainError('FORBIDDEN', 'You are not allowed to do this.');
}

function holdsSiteWide(principal: Principal): boolean {
  return principal.kind === 'system' || (principal.kind === 'user' && principal.isSiteAdmin);
}
