// A signed-in person's own invitations to organizations, and their answer.
import { builder } from '../graphql/builder.ts';
import { organizationIdOrNull } from '../graphql/organization-argument.ts';
import { OrganizationRoleEnum, ViewerRef } from './auth.schema.ts';
import * as service from './invitations.service.ts';

const InvitationRef = builder.objectRef<service.Invitation>('Invitation').implement({
  description: "An invitation to an organization's staff, waiting for your answer. It grants nothing until you accept it.",
  // Reachable only through your own user or your own answer.
  authScopes: { signedIn: true },
  fields: (t) => ({
    organization: t.exposeString('organizationSlug', { description: 'The organization slug.' }),
    organizationName: t.exposeString('organizationName'),
    role: t.field({ type: OrganizationRoleEnum, resolve: (invitation) => invitation.role }),
    invitedAt: t.expose('invitedAt', { type: 'DateTime' }),
  }),
});

builder.objectField(ViewerRef, 'pendingInvitations', (t) =>
  t.field({
    type: [InvitationRef],
    description: 'Invitations to organizations waiting for your answer, oldest first.',
    resolve: (_viewer, _args, context) => service.pendingInvitations(context.useCases, context.principal),
  }),
);

builder.mutationFields((t) => ({
  acceptInvitation: t.field({
    type: InvitationRef,
    description: "Accepts your invitation to the organization: from now on you have its role there. Recorded in the organization's trail.",
    args: { organization: t.arg.string({ required: true }) },
    authScopes: { signedIn: true },
    resolve: async (_root, args, context) =>
      service.acceptInvitation(
        context.useCases,
        context.principal,
        await organizationIdOrNull(context, args.organization),
        context.request,
      ),
  }),
  declineInvitation: t.field({
    type: InvitationRef,
    description: "Declines your invitation to the organization: it is removed. Recorded in the organization's trail.",
    args: { organization: t.arg.string({ required: true }) },
    authScopes: { signedIn: true },
    resolve: async (_root, args, context) =>
      service.declineInvitation(
        context.useCases,
        context.principal,
        await organizationIdOrNull(context, args.organization),
        context.request,
      ),
  }),
}));
