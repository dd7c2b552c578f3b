// Privacy-request packages in the API. Staff (deletion-requests:write) seal
// a package for a request, record an identity proof, revoke and re-issue its
// link, and read it on the request; the holder of the status link sees the
// live link on the status view and downloads through it.
import { organizationIdOfRequest, requestForStaff } from '../deletion-requests/deletion-requests.service.ts';
import type { StaffRequest } from '../deletion-requests/models.ts';
import { StatusViewRef } from '../deletion-requests/requester.schema.ts';
import { DeletionRequestRef } from '../deletion-requests/staff.schema.ts';
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { PackageLink } from './models.ts';
import {
  downloadPackage,
  type PackageDownload,
  packageForRequester,
  packageForStaff,
  type RequesterPackage,
  recordIdentityProof,
  reissueLink,
  revokeLink,
  type StaffPackage,
  sealPackage,
} from './packages.service.ts';

const LinkStateEnum = builder.enumType('PrivacyPackageLinkState', {
  values: {
    LIVE: { description: 'The requester can download the package now.' },
    EXPIRED: { description: 'Its days ran out.' },
    EXHAUSTED: { description: 'Its downloads ran out.' },
    REVOKED: { description: 'Staff withdrew it.' },
  },
});

const FormatEnum = builder.enumType('PrivacyPackageFormat', {
  values: {
    JSON: { description: 'The package itself: machine-readable, validated by /schemas/privacy-package-v1.json.' },
    HTML: { description: 'A page for people, generated from the JSON.' },
  },
});

const StaffLinkRef = builder
  .objectRef<PackageLink & { state: 'LIVE' | 'EXPIRED' | 'EXHAUSTED' | 'REVOKED' }>('PrivacyPackageLink')
  .implement({
    description: "The package's current download link on the requester's status page.",
    authScopes: { public: true },
    fields: (t) => ({
      issuedAt: t.field({ type: 'DateTime', resolve: (link) => link.issuedAt }),
      expiresAt: t.field({ type: 'DateTime', resolve: (link) => link.expiresAt }),
      maxDownloads: t.exposeInt('maxDownloads'),
      downloads: t.exposeInt('downloads'),
      state: t.field({ type: LinkStateEnum, resolve: (link) => link.state }),
    }),
  });

const StaffPackageRef = builder.objectRef<StaffPackage>('PrivacyPackage').implement({
  description:
    'The sealed answer to an access or portability request: its hash and size never change; its contents are erased by retention.',
  authScopes: { public: true },
  fields: (t) => ({
    sha256: t.string({ description: 'SHA-256 of the package’s RFC 8785 canonical JSON.', resolve: ({ sealed }) => sealed.sha256 }),
    sizeBytes: t.int({ resolve: ({ sealed }) => sealed.sizeBytes }),
    sealedAt: t.field({ type: 'DateTime', resolve: ({ sealed }) => sealed.sealedAt }),
    erasedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ sealed }) => sealed.erasedAt }),
    identityProofRequired: t.boolean({
      description: 'Whether the organization requires a recorded proof of identity before the package is released.',
      resolve: (found) => found.identityProofRequired,
    }),
    identityProvedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ sealed }) => sealed.identityProvedAt }),
    identityProofMethod: t.string({ nullable: true, resolve: ({ sealed }) => sealed.identityProofMethod }),
    link: t.field({ type: StaffLinkRef, nullable: true, resolve: (found) => found.link }),
  }),
});

builder.objectField(DeletionRequestRef, 'dataPackage', (t) =>
  t.field({
    type: StaffPackageRef,
    nullable: true,
    description: 'The package answering an access or portability request; null until one is sealed.',
    resolve: (request, _args, context) => packageForStaff(context.useCases, request, context.now),
  }),
);

const RequesterLinkRef = builder.objectRef<NonNullable<RequesterPackage['link']>>('PrivacyPackageDownloadLink').implement({
  authScopes: { public: true },
  fields: (t) => ({
    link: t.exposeString('id', { description: 'Names the link in downloadPrivacyPackage.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (link) => link.expiresAt }),
    downloadsLeft: t.exposeInt('downloadsLeft'),
  }),
});

const RequesterPackageRef = builder.objectRef<RequesterPackage>('RequesterPrivacyPackage').implement({
  description: 'The package answering the request, as its requester sees it.',
  authScopes: { public: true },
  fields: (t) => ({
    sha256: t.exposeString('sha256'),
    sizeBytes: t.exposeInt('sizeBytes'),
    download: t.field({
      type: RequesterLinkRef,
      nullable: true,
      description: 'The live link; null when there is none.',
      resolve: (found) => found.link,
    }),
  }),
});

builder.objectField(StatusViewRef, 'dataPackage', (t) =>
  t.field({
    type: RequesterPackageRef,
    nullable: true,
    description: 'The package answering an access or portability request; null until one is sealed.',
    resolve: ({ request }, _args, context) => packageForRequester(context.useCases, request.id, context.now),
  }),
);

const DownloadRef = builder.objectRef<PackageDownload>('PrivacyPackageDownload').implement({
  authScopes: { public: true },
  fields: (t) => ({
    filename: t.exposeString('filename'),
    contentType: t.exposeString('contentType'),
    content: t.exposeString('content'),
  }),
});

const writeScope = async (_root: unknown, args: { id: string | number }, context: GraphQLContext) => ({
  permission: {
    organizationId: await organizationIdOfRequest(context.useCases, String(args.id)),
    permission: 'deletion-requests:write' as const,
  },
});

async function reload(context: GraphQLContext, id: string): Promise<StaffRequest> {
  const request = await requestForStaff(context.useCases, context.principal, id);
  if (!request) throw new Error('a request changed a moment ago cannot be read back');
  return request;
}

const PackageFieldInput = builder.inputType('PrivacyPackageFieldInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ required: true }) }),
});

const PackageItemInput = builder.inputType('PrivacyPackageItemInput', {
  description: 'The fields one system holds in one category of the requester’s data.',
  fields: (t) => ({
    category: t.string({ required: true, description: 'Such as "Account" or "Orders".' }),
    system: t.string({ required: true, description: 'Such as "Billing database".' }),
    fields: t.field({ type: [PackageFieldInput], required: true }),
  }),
});

builder.mutationFields((t) => {
  const staffAction = <Args extends Record<string, unknown>>(
    description: string,
    args: Args,
    run: (context: GraphQLContext, id: string, args: Record<string, unknown>) => Promise<unknown>,
  ) =>
    t.field({
      type: DeletionRequestRef,
      description,
      errors: { types: [DomainError] },
      args: { id: t.arg.id({ required: true }), ...(args as Record<string, never>) },
      authScopes: writeScope,
      resolve: async (_root, allArgs, context) => {
        await run(context, String(allArgs.id), allArgs as Record<string, unknown>);
        return reload(context, String(allArgs.id));
      },
    });
  const actor = (context: GraphQLContext) => ({ principal: context.principal, request: context.request });
  return {
    sealPrivacyPackage: staffAction(
      'Seals the package answering an access or portability request, once: the data items grouped by category and system, with the retention schedule, privacy policy, recipients and rights in force now. Releases it on the status page at once, unless the organization requires a recorded proof of identity first.',
      { items: t.arg({ type: [PackageItemInput], required: true }) },
      (context, id, args) => sealPackage(context.useCases, actor(context), id, args.items),
    ),
    recordPrivacyPackageIdentityProof: staffAction(
      "Records how the requester's identity was proved (at most 200 characters; internal), once, and releases the package if it was waiting for it.",
      { method: t.arg.string({ required: true }) },
      (context, id, args) => recordIdentityProof(context.useCases, actor(context), id, args.method as string),
    ),
    revokePrivacyPackageLink: staffAction("Withdraws the package's download link.", {}, (context, id) =>
      revokeLink(context.useCases, actor(context), id),
    ),
    reissuePrivacyPackageLink: staffAction(
      'Issues a new download link with the full days and downloads, replacing the current one; the requester is mailed that the data is ready.',
      {},
      (context, id) => reissueLink(context.useCases, actor(context), id),
    ),
    downloadPrivacyPackage: t.field({
      type: DownloadRef,
      nullable: true,
      description:
        'Downloads the package through its live link, for the holder of the status link; counts one download. Null for every link that does not deliver: unknown, expired, exhausted, revoked or erased alike.',
      args: {
        statusToken: t.arg.string({ required: true }),
        link: t.arg.string({ required: true }),
        format: t.arg({ type: FormatEnum, required: true }),
      },
      authScopes: { public: true },
      resolve: (_root, args, context) =>
        downloadPackage(context.useCases, { statusToken: args.statusToken, link: args.link, format: args.format }, context.request),
    }),
  };
});
