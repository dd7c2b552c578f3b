// Two-step sign-in: your own enrolment and status, the second step of a
// sign-in, and what organization admins see and decide.
import DataLoader from 'dataloader';
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { organizationIdOf, permissionInOrganization } from '../graphql/organization-argument.ts';
import { organizationSlugs } from '../policies/policies.service.ts';
import { UserRef } from './auth.schema.ts';
import { sessionCookie } from './request-auth.ts';
import * as service from './second-factor.service.ts';
import { MemberRef } from './users.schema.ts';

const SecondFactorStatusRef = builder.objectRef<service.SecondFactorStatus & { requiredBy: string[] }>('SecondFactorStatus').implement({
  description: 'Your own two-step sign-in.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'Whether sign-in asks for a code from your authenticator app.' }),
    recoveryCodesLeft: t.exposeInt('recoveryCodesLeft', { description: 'Unused one-time recovery codes.' }),
    requiredBy: t.exposeStringList('requiredBy', {
      description: 'Slugs of your organizations that require two-step sign-in and refuse you their data until you set it up.',
    }),
  }),
});

const PendingEnrolmentRef = builder.objectRef<service.PendingEnrolment>('PendingSecondFactorEnrolment').implement({
  description: 'A new authenticator secret, shown this once; active only after `confirmSecondFactorEnrolment`.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Base32, to type into an authenticator app by hand.' }),
    otpauthUri: t.exposeString('otpauthUri', { description: 'The otpauth:// URI (RFC 6238 TOTP, SHA-1, 6 digits, 30 s).' }),
    qrCode: t.exposeString('qrCode', { description: 'The URI as a QR code: an SVG image as a data: URL.' }),
  }),
});

const RecoveryCodesRef = builder.objectRef<{ recoveryCodes: string[] }>('RecoveryCodes').implement({
  description: 'One-time recovery codes, shown this once and stored only as hashes.',
  authScopes: { signedIn: true },
  fields: (t) => ({ recoveryCodes: t.exposeStringList('recoveryCodes') }),
});

/** One query per request for a whole list of members, however many there are. */
const enrolledLoaders = new WeakMap<GraphQLContext, DataLoader<string, boolean>>();
function enrolledLoader(context: GraphQLContext): DataLoader<string, boolean> {
  let loader = enrolledLoaders.get(context);
  if (!loader) {
    loader = new DataLoader(async (userIds: readonly string[]) => {
      const enrolled = await service.usersWithSecondFactor(context.useCases, userIds);
      return userIds.map((userId) => enrolled.has(userId));
    });
    enrolledLoaders.set(context, loader);
  }
  return loader;
}

builder.objectField(MemberRef, 'secondFactorEnabled', (t) =>
  t.boolean({
    description: 'Whether the member signs in with a code from an authenticator app; always false until they accept their invitation.',
    // A pending member's account is not the organization's to see.
    resolve: (member, _args, context) => (!member.accepted ? false : enrolledLoader(context).load(member.userId)),
  }),
);

const manageUsers = permissionInOrganization('users:manage');

builder.queryFields((t) => ({
  mySecondFactor: t.field({
    type: SecondFactorStatusRef,
    description: 'Your own two-step sign-in (staff users).',
    authScopes: { signedIn: true },
    resolve: async (_root, _args, context) => {
      const status = await service.secondFactorStatus(context.useCases, context.principal);
      const missing = context.principal.kind === 'user' ? [...(context.principal.secondFactorMissingIn ?? [])] : [];
      const slugs = await organizationSlugs(context.useCases, missing);
      return {
        ...status,
        requiredBy: missing
          .map((id) => slugs.get(id) ?? '')
          .filter(Boolean)
          .sort(),
      };
    },
  }),
  organizationSecondFactorRequired: t.boolean({
    description: 'Whether members must use two-step sign-in to reach the organization (admins).',
    args: { organization: t.arg.string({ required: true }) },
    authScopes: manageUsers,
    resolve: async (_root, args, context) =>
      service.isSecondFactorRequired(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
}));

builder.mutationFields((t) => ({
  completeLogin: t.field({
    type: UserRef,
    description:
      'The second step of a sign-in with two-step sign-in on: the `challenge` from `login` (5 minutes, one use) and ' +
      'either the 6-digit `code` of the authenticator app or a `recoveryCode` (each works once). Sets the session cookie. ' +
      'Wrong codes count against the same limits as wrong passwords.',
    args: {
      challenge: t.arg.string({ required: true }),
      code: t.arg.string({ required: false }),
      recoveryCode: t.arg.string({ required: false }),
    },
    authScopes: { public: true },
    resolve: async (_root, args, context) => {
      const signedIn = await service.completeLogin(context.useCases, args, context.request);
      context.cookies.push(sessionCookie(context.httpRequest, signedIn.sessionToken, signedIn.expiresAt, context));
      return signedIn.user;
    },
  }),
  startSecondFactorEnrolment: t.field({
    type: PendingEnrolmentRef,
    description: 'Starts setting up two-step sign-in (or starts over): a new secret, shown this once.',
    authScopes: { signedIn: true },
    resolve: (_root, _args, context) => service.startSecondFactorEnrolment(context.useCases, context.principal),
  }),
  confirmSecondFactorEnrolment: t.field({
    type: RecoveryCodesRef,
    description:
      'Turns two-step sign-in on with your current `password` (checked like a sign-in: wrong ones count against the ' +
      'same limits) and a current `code` from the app; ends your other sessions. Answers the recovery codes, shown this once.',
    args: { password: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    authScopes: { signedIn: true },
    resolve: (_root, args, context) =>
      service.confirmSecondFactorEnrolment(
        context.useCases,
        context.principal,
        { password: args.password, code: args.code },
        context.request,
      ),
  }),
  regenerateRecoveryCodes: t.field({
    type: RecoveryCodesRef,
    description: 'New recovery codes (the old ones stop working), with a current code from the app.',
    args: { code: t.arg.string({ required: true }) },
    authScopes: { signedIn: true },
    resolve: (_root, args, context) => service.regenerateRecoveryCodes(context.useCases, context.principal, args.code, context.request),
  }),
  resetMemberSecondFactor: t.boolean({
    description: "Turns a member's two-step sign-in off, e.g. after a lost phone; they set it up again (admins; not yourself).",
    args: { organization: t.arg.string({ required: true }), userId: t.arg.id({ required: true }) },
    authScopes: manageUsers,
    resolve: async (_root, args, context) => {
      await service.resetMemberSecondFactor(
        context.useCases,
        context.principal,
        { organizationId: await organizationIdOf(context, args.organization), userId: String(args.userId) },
        context.request,
      );
      return true;
    },
  }),
  setOrganizationSecondFactorRequired: t.boolean({
    description: "Requires two-step sign-in of the organization's members, or stops requiring it (admins, who must have it on).",
    args: { organization: t.arg.string({ required: true }), required: t.arg.boolean({ required: true }) },
    authScopes: manageUsers,
    resolve: async (_root, args, context) =>
      service.setOrganizationSecondFactorRequired(
        context.useCases,
        context.principal,
        { organizationId: await organizationIdOf(context, args.organization), required: args.required },
        context.request,
      ),
  }),
}));
