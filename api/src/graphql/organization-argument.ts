// Fields that name an organization by slug: one rule for their permission
// check and one way to turn the argument into the organization's id.
import type { Permission } from '@governance/policies/vocabulary/access';
import { DomainError } from '../shared/domain-error.ts';
import type { GraphQLContext } from './context.ts';

/** The authScopes of a field whose `organization` argument says where `permission` is needed. */
export const permissionInOrganization =
  (permission: Permission) => async (_root: unknown, args: { organization: string }, context: GraphQLContext) => ({
    permission: { organizationId: await context.organizationIdForSlug(args.organization), permission },
  });

/**
 * The organization a field names, after its scope check: that check already
 * refused an unknown slug (its id is null), so this only narrows the type.
 */
export async function organizationIdOf(context: GraphQLContext, slug: string): Promise<string> {
  const id = await context.organizationIdForSlug(slug);
  if (!id) throw new DomainError('FORBIDDEN', 'You are not allowed to do this.');
  return id;
}
