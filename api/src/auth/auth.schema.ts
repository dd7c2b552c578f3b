// Signing in and out, the signed-in user, and API tokens.

import { ORGANIZATION_ROLES, TOKEN_SCOPES, type TokenScope } from '@governance/policies/vocabulary/access';
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { organizationIdOf, organizationIdOrNull } from '../graphql/organization-argument.ts';
import { organizationsLoaded } from '../policies/policies.service.ts';
import * as service from './auth.service.ts';
import type { ApiToken, Membership, User } from './models.ts';
import { sessionCookie } from './request-auth.ts';
import { SECOND_STEP_REQUIRED } from './second-factor-errors.ts';

/** GraphQL enum names cannot hold ':'; `policies:read` is POLICIES_READ. */
const enumName = (scope: TokenScope) => scope.replace(/[:-]/g, '_').toUpperCase();

const TokenScopeEnum = builder.enumType('TokenScope', {
  description: 'What an API token may read.',
  values: Object.fromEntries(TOKEN_SCOPES.map((scope) => [enumName(scope), { value: scope, description: scope }])) as Record<
    string,
    { value: TokenScope }
  >,
});

export const OrganizationRoleEnum = builder.enumType('OrganizationRole', { values: ORGANIZATION_ROLES });

const MembershipRef = builder.objectRef<Membership & { organizationSlug: string; organizationName: string }>('Membership').implement({
  // Reachable only as part of your own user.
  authScopes: { signedIn: true },
  fields: (t) => ({
    organization: t.exposeString('organizationSlug', { description: 'The organization slug.' }),
    organizationName: t.exposeString('organizationName', { description: 'The organization’s display name, as people know it.' }),
    role: t.field({ type: OrganizationRoleEnum, resolve: (membership) => membership.role }),
  }),
});

export const UserRef = builder.objectRef<User>('User').implement({
  description: 'A staff user. Only your own user is ever returned (`me`, `login`).',
  // `login` returns the user to a request that was anonymous when it started.
  authScopes: { public: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    isSiteAdmin: t.exposeBoolean('isSiteAdmin'),
  }),
});

const ApiTokenRef = builder.objectRef<ApiToken>('ApiToken').implement({
  description: 'An API token; its value is shown once, when it is created, and never stored.',
  authScopes: (token) => ({ permission: { organizationId: token.organizationId, permission: 'tokens:manage' } }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the value, to tell tokens apart.' }),
    scopes: t.field({ type: [TokenScopeEnum], resolve: (token) => token.scopes }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Updated at most once a minute.' }),
  }),
});

const CreatedApiTokenRef = builder.objectRef<{ token: ApiToken; secret: string }>('CreatedApiToken').implement({
  authScopes: ({ token }) => ({ permission: { organizationId: token.organizationId, permission: 'tokens:manage' } }),
  fields: (t) => ({
    token: t.field({ type: ApiTokenRef, resolve: (created) => created.token }),
    secret: t.exposeString('secret', {
      description: 'The token value. Shown this once: store it now. Send it as `Authorization: Bearer <secret>`.',
    }),
  }),
});

export const ViewerRef = builder.objectRef<User>('Viewer').implement({
  description: 'The signed-in staff user and their organization roles.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (user) => user }),
    memberships: t.field({
      type: [MembershipRef],
      resolve: async (_user, _args, context) => {
        if (context.principal.kind !== 'user') return [];
        const roles = [...context.principal.roles];
        const organizations = await organizationsLoaded(
          context.useCases,
          roles.map(([organizationId]) => organizationId),
        );
        return roles.map(([organizationId, role]) => {
          const organization = organizations.get(organizationId);
          return { organizationId, role, organizationSlug: organization?.slug ?? '', organizationName: organization?.name ?? '' };
        });
      },
    }),
  }),
});

/** The organization a field names, for its permission check; null when there is none. */
const organizationOf = (context: GraphQLContext, slug: string) => organizationIdOrNull(context, slug);

builder.queryFields((t) => ({
  me: t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The signed-in staff user; null when not signed in (or signed in with an API token).',
    authScopes: { public: true },
    resolve: (_root, _args, context) => service.currentUser(context.useCases, context.principal),
  }),
  apiTokens: t.field({
    type: [ApiTokenRef],
    description: "An organization's API tokens, newest first.",
    args: { organization: t.arg.string({ required: true }) },
    authScopes: async (_root, args, context) => ({
      permission: { organizationId: await organizationOf(context, args.organization), permission: 'tokens:manage' },
    }),
    resolve: async (_root, args, context) =>
      service.listApiTokens(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
}));

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'Organization slug; the token reads only this organization.' }),
    name: t.string({ required: true, description: 'What the token is for, e.g. "Vendor review tool".' }),
    scopes: t.field({ type: [TokenScopeEnum], required: true }),
    expiresAt: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: UserRef,
    description:
      'Signs a staff user in: sets an httpOnly session cookie. Failed attempts are limited per account and per address. ' +
      'When the user has two-step sign-in on, no session starts yet: the answer is the error SECOND_STEP_REQUIRED, whose ' +
      '`extensions.challenge` goes to `completeLogin` with a code.',
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: async (_root, args, context) => {
      const signedIn = await service.login(context.useCases, args, context.request);
      if ('challenge' in signedIn) throw SECOND_STEP_REQUIRED(signedIn.challenge, signedIn.expiresAt);
      context.cookies.push(sessionCookie(context.httpRequest, signedIn.sessionToken, signedIn.expiresAt, context));
      return signedIn.user;
    },
  }),
  logout: t.boolean({
    description: 'Ends the current session; false when there was none.',
    authScopes: { public: true },
    resolve: async (_root, _args, context) => {
      context.cookies.push(sessionCookie(context.httpRequest, '', null, context));
      return service.logout(context.useCases, context.principal, context.request);
    },
  }),
  createApiToken: t.field({
    type: CreatedApiTokenRef,
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    authScopes: async (_root, args, context) => ({
      permission: { organizationId: await organizationOf(context, args.input.organization), permission: 'tokens:manage' },
    }),
    resolve: async (_root, { input }, context) =>
      service.createApiToken(
        context.useCases,
        context.principal,
        {
          organizationId: await organizationIdOf(context, input.organization),
          name: input.name,
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
        },
        context.request,
      ),
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    args: { organization: t.arg.string({ required: true }), id: t.arg.id({ required: true }) },
    authScopes: async (_root, args, context) => ({
      permission: { organizationId: await organizationOf(context, args.organization), permission: 'tokens:manage' },
    }),
    resolve: async (_root, args, context) =>
      service.revokeApiToken(
        context.useCases,
        context.principal,
        await organizationIdOf(context, args.organization),
        String(args.id),
        context.request,
      ),
  }),
}));
