// `Organization.trustPack`: one query a vendor reviewer can file, with every
// policy in force at an instant and what changed since an earlier one. Its
// answer depends only on its arguments and the published versions, never on
// when it is asked (beyond which versions are published), so asking twice
// gives the same bytes.
import { builder } from '../graphql/builder.ts';
import { OrganizationRef, PolicyRef, PolicyVersionRef } from './policies.schema.ts';
import * as service from './policies.service.ts';

const PUBLIC = { public: true } as const;

const TrustPackEntryRef = builder.objectRef<service.TrustPackEntry>('TrustPackEntry').implement({
  description: 'A policy and the version of it in force at the trust pack instant.',
  authScopes: PUBLIC,
  fields: (t) => ({
    policy: t.field({ type: PolicyRef, resolve: (entry) => entry.policy }),
    version: t.field({ type: PolicyVersionRef, resolve: (entry) => entry.version }),
  }),
});

const TrustPackChangeRef = builder.objectRef<service.TrustPackChange>('TrustPackChange').implement({
  description: 'A version that took effect within the trust pack period, and the one it replaced.',
  authScopes: PUBLIC,
  fields: (t) => ({
    policy: t.field({ type: PolicyRef, resolve: (change) => change.policy }),
    version: t.field({ type: PolicyVersionRef, resolve: (change) => change.version }),
    previousVersion: t.field({ type: PolicyVersionRef, nullable: true, resolve: (change) => change.previousVersion }),
  }),
});

export const TrustPackRef = builder.objectRef<service.TrustPack>('TrustPack').implement({
  authScopes: PUBLIC,
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (pack) => pack.organization }),
    at: t.expose('at', { type: 'DateTime' }),
    changesSince: t.expose('changesSince', { type: 'DateTime', nullable: true }),
    policies: t.field({
      type: [TrustPackEntryRef],
      description: 'Every policy with a version in force at `at`, by slug.',
      resolve: (pack) => pack.policies,
    }),
    changes: t.field({
      type: [TrustPackChangeRef],
      description: 'Versions that took effect after `changesSince` and at or before `at`, oldest first.',
      resolve: (pack) => pack.changes,
    }),
  }),
});

builder.objectFields(OrganizationRef, (t) => ({
  trustPack: t.field({
    type: TrustPackRef,
    description:
      'Every policy in force at `at` with its text, dates and SHA-256, and the changes since `changesSince` (all, when omitted).',
    args: {
      at: t.arg({ type: 'DateTime', required: true }),
      changesSince: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: (organization, args, context) => service.trustPackOf(context.useCases, organization, args.at, args.changesSince ?? null),
  }),
}));
