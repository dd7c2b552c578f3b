// An organization's staff, for its admins (and, read-only, its officers).
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { organizationIdOf, organizationIdOrNull } from '../graphql/organization-argument.ts';
import { OrganizationRoleEnum } from './auth.schema.ts';
import { can } from './principal.ts';
import * as service from './users.service.ts';

const MemberStatusEnum = builder.enumType('MemberStatus', {
  values: {
    INVITED: { description: 'Invited; no access until the person accepts. Shows what the admin typed.' },
    ACTIVE: { description: 'Accepted; has the role.' },
    DISABLED: { description: 'Disabled in this organization, or the invitation withdrawn.' },
  },
});

export const MemberRef = builder.objectRef<service.Member>('OrganizationMember').implement({
  description: 'A staff user of one organization, with their role there.',
  authScopes: async (member, context) =>
    service.canReadMembers(context.principal, member.organizationId)
      ? { public: true }
      : { permission: { organizationId: member.organizationId, permission: 'users:manage' } },
  fields: (t) => ({
    id: t.exposeID('userId', { description: 'The user id.' }),
    email: t.exposeString('email'),
    name: t.exposeString('name', { description: 'As the admin typed it until the person accepts; their own name afterwards.' }),
    role: t.field({ type: OrganizationRoleEnum, resolve: (member) => member.role }),
    status: t.field({ type: MemberStatusEnum, resolve: (member) => member.status }),
    invited: t.boolean({
      description: 'Whether the invitation waits for the person to accept it.',
      resolve: (member) => member.status === 'INVITED',
    }),
    disabled: t.exposeBoolean('disabled', { description: 'A disabled member has no access to this organization.' }),
    memberSince: t.expose('memberSince', { type: 'DateTime' }),
  }),
});

const CreatedMemberRef = builder.objectRef<service.AddedMember>('CreatedOrganizationUser').implement({
  description:
    'The person invited to the organization, as the admin typed them. The same answer whether they are new or already had an account: they learn by mail how to sign in and accept.',
  authScopes: ({ member }) => ({ permission: { organizationId: member.organizationId, permission: 'users:manage' } }),
  fields: (t) => ({
    member: t.field({ type: MemberRef, resolve: (created) => created.member }),
  }),
});

const manageUsers = async (context: GraphQLContext, organization: string) => ({
  permission: { organizationId: await organizationIdOrNull(context, organization), permission: 'users:manage' as const },
});

builder.queryFields((t) => ({
  organizationMembers: t.field({
    type: [MemberRef],
    description: "An organization's staff and their roles (admins; privacy officers, to assign work).",
    args: { organization: t.arg.string({ required: true }) },
    authScopes: async (_root, args, context) => {
      const organizationId = await organizationIdOrNull(context, args.organization);
      // Ask for the permission the caller has, so a permitted officer records no denial.
      const officer = organizationId !== null && can(context.principal, organizationId, 'deletion-requests:write');
      return { permission: { organizationId, permission: officer ? 'deletion-requests:write' : 'users:manage' } };
    },
    resolve: async (_root, args, context) =>
      service.listMembers(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
}));

builder.mutationFields((t) => ({
  createOrganizationUser: t.field({
    type: CreatedMemberRef,
    description:
      'Invites a person to the organization (admins). A new person gets an account whose initial password is mailed to them; ' +
      'someone who already has an account is told by mail. Either way the member is INVITED, with no access, until they accept. ' +
      "ALREADY_MEMBER only for people already in this organization's list.",
    args: {
      organization: t.arg.string({ required: true }),
      email: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      role: t.arg({ type: OrganizationRoleEnum, required: true }),
    },
    authScopes: (_root, args, context) => manageUsers(context, args.organization),
    resolve: async (_root, args, context) =>
      service.createOrganizationUser(
        context.useCases,
        context.principal,
        { organizationId: await organizationIdOf(context, args.organization), email: args.email, name: args.name, role: args.role },
        context.request,
      ),
  }),
  changeMemberRole: t.field({
    type: MemberRef,
    description: "Changes a member's role (admins). The last admin stays admin.",
    args: {
      organization: t.arg.string({ required: true }),
      userId: t.arg.id({ required: true }),
      role: t.arg({ type: OrganizationRoleEnum, required: true }),
    },
    authScopes: (_root, args, context) => manageUsers(context, args.organization),
    resolve: async (_root, args, context) =>
      service.changeMemberRole(
        context.useCases,
        context.principal,
        { organizationId: await organizationIdOf(context, args.organization), userId: String(args.userId), role: args.role },
        context.request,
      ),
  }),
  disableMember: t.field({
    type: MemberRef,
    description:
      'Disables a member in this organization (withdraws a pending invitation): they lose access here and the API tokens they created here are revoked; ' +
      'their account stays for any other organization (admins; not yourself, not the last admin).',
    args: { organization: t.arg.string({ required: true }), userId: t.arg.id({ required: true }) },
    authScopes: (_root, args, context) => manageUsers(context, args.organization),
    resolve: async (_root, args, context) =>
      service.disableMember(
        context.useCases,
        context.principal,
        { organizationId: await organizationIdOf(context, args.organization), userId: String(args.userId) },
        context.request,
      ),
  }),
}));
