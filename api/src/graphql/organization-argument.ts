// Fields that name an organization by slug: one rule for their permission
// check and one way to turn the argument into the organization's id.
import type { Permission } from '@governance/policies/vocabulary/access';
import { organizationIdForSlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { GraphQLContext } from './context.ts';

/** The authScopes of a field whose `organization` argument says where `permission` is needed. */
export const permissionInOrganization =
  (permission: Permission) => async (_root: unknown, args: { organization: string }, context: GraphQLContext) => ({
    permission: { organizationId: await organizationIdForSlug(context.useCases, args.organization), permission },
  });

/** The id of the organization a field names, or null (unknown): cached for the request. */
export function organizationIdOrNull(context: GraphQLContext, slug: string): Promise<string | null> {
  return organizationIdForSlug(context.useCases, slug);
}

/**
 * The organization a field names, after its scope check: that check already
 * refused an unknown slug (its id is null), so this only narrows the type.
 */
export async function organizationIdOf(context: GraphQLContext, slug: string): Promise<string> {
  const id = await organizationIdForSlug(context.useCases, slug);
  if (!id) throw new DomainError('FORBIDDEN', 'You are not allowed to do this.');
  return id;
}
