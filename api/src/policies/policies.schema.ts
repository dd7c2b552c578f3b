// The public contract for policies: names here are stable, since reviewers'
// tools depend on them. Everything in it is public: published policies are
// meant to be read by anyone.
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder } from '../graphql/builder.ts';
import type { Contact, Organization, Policy, PolicyVersion, Section } from './models.ts';
import * as service from './policies.service.ts';

const PUBLIC = { public: true } as const;

const ContactRef = builder.objectRef<Contact>('Contact').implement({
  description: 'An address the organization publishes, and what it is for.',
  authScopes: PUBLIC,
  fields: (t) => ({
    purpose: t.exposeString('purpose'),
    email: t.exposeString('email'),
  }),
});

const SectionRef = builder.objectRef<Section>('Section').implement({
  description: 'A heading of a policy text; `id` is its anchor on the portal page.',
  authScopes: PUBLIC,
  fields: (t) => ({
    id: t.exposeString('id'),
    title: t.exposeString('title'),
    level: t.exposeInt('level', { description: 'Heading level: 2 for a section, 3 for a subsection.' }),
  }),
});

export const OrganizationRef = builder.objectRef<Organization>('Organization');
export const PolicyRef = builder.objectRef<Policy>('Policy');
export const PolicyVersionRef = builder.objectRef<PolicyVersion>('PolicyVersion');

const ChangelogEntryRef = builder.objectRef<PolicyVersion>('ChangelogEntry').implement({
  description: 'One line of a policy changelog, derived from the version itself.',
  authScopes: PUBLIC,
  fields: (t) => ({
    version: t.exposeString('version'),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    summary: t.exposeString('summary'),
    material: t.exposeBoolean('material'),
  }),
});

builder.node(OrganizationRef, {
  description: 'An organization that publishes policies.',
  authScopes: PUBLIC,
  id: { resolve: (organization) => organization.id },
  loadOne: (id, context) => service.organizationById(context.useCases, id),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    website: t.exposeString('website', { nullable: true }),
    contacts: t.field({ type: [ContactRef], resolve: (organization) => organization.contacts }),
    policies: t.field({
      type: [PolicyRef],
      description: 'Policies with at least one published version, by slug.',
      resolve: (organization, _args, context) => service.policiesOf(context.useCases, organization.id),
    }),
  }),
});

builder.node(PolicyRef, {
  description: 'A policy document and its versions.',
  authScopes: PUBLIC,
  id: { resolve: (policy) => policy.id },
  loadOne: (id, context) => service.policyById(context.useCases, id),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title', { description: 'Title of the newest version.' }),
    organization: t.field({
      type: OrganizationRef,
      resolve: async (policy, _args, context) => {
        const organization = await service.organizationById(context.useCases, policy.organizationId);
        if (!organization) throw new Error(`policy ${policy.id} has no organization`);
        return organization;
      },
    }),
    currentVersion: t.field({
      type: PolicyVersionRef,
      nullable: true,
      description: 'The newest version whose effective date has arrived; null before the first one takes effect.',
      resolve: (policy, _args, context) => service.currentVersionOf(context.useCases, policy.id),
    }),
    versions: t.connection({
      type: PolicyVersionRef,
      description: 'Published versions, newest effective date first.',
      resolve: async (policy, args, context) =>
        resolveArrayConnection({ args, defaultSize: 20, maxSize: 100 }, await service.versionsOf(context.useCases, policy.id)),
    }),
    version: t.field({
      type: PolicyVersionRef,
      nullable: true,
      args: { version: t.arg.string({ required: true, description: 'A version number such as "1.0".' }) },
      resolve: (policy, args, context) => service.versionOf(context.useCases, policy.id, args.version),
    }),
    versionAt: t.field({
      type: PolicyVersionRef,
      nullable: true,
      description: 'The version in force at an instant; null before the first version took effect.',
      args: { at: t.arg({ type: 'DateTime', required: true }) },
      resolve: (policy, args, context) => service.versionInForceAt(context.useCases, policy.id, args.at),
    }),
    changelog: t.field({
      type: [ChangelogEntryRef],
      description: 'Every published version, newest first.',
      resolve: (policy, _args, context) => service.versionsOf(context.useCases, policy.id),
    }),
  }),
});

builder.node(PolicyVersionRef, {
  description: 'One published, immutable text of a policy.',
  authScopes: PUBLIC,
  id: { resolve: (version) => version.id },
  loadOne: (id, context) => service.publishedVersionById(context.useCases, id),
  fields: (t) => ({
    version: t.exposeString('version'),
    title: t.exposeString('title'),
    effectiveAt: t.expose('effectiveAt', {
      type: 'DateTime',
      description: 'When the version takes effect: 00:00 UTC of its effective date.',
    }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    summary: t.exposeString('summary'),
    material: t.exposeBoolean('material', { description: 'Whether the change is material, and so announced ahead of time.' }),
    body: t.string({
      description: 'The canonical Markdown text; its SHA-256 is `sha256`.',
      resolve: async (version, _args, context) => (await service.contentOf(context.useCases, version)).body,
    }),
    html: t.string({ resolve: async (version, _args, context) => (await service.contentOf(context.useCases, version)).html }),
    sha256: t.exposeString('sha256', { description: 'Hex SHA-256 of the UTF-8 bytes of `body`.' }),
    sections: t.field({
      type: [SectionRef],
      resolve: async (version, _args, context) => (await service.contentOf(context.useCases, version)).sections,
    }),
  }),
});

builder.queryFields((t) => ({
  organizations: t.field({
    type: [OrganizationRef],
    authScopes: PUBLIC,
    resolve: (_root, _args, context) => service.listOrganizations(context.useCases),
  }),
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    authScopes: PUBLIC,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => service.findOrganization(context.useCases, args.slug),
  }),
  policy: t.field({
    type: PolicyRef,
    nullable: true,
    authScopes: PUBLIC,
    args: {
      organization: t.arg.string({ required: true, description: 'Organization slug, e.g. "leenops".' }),
      slug: t.arg.string({ required: true, description: 'Policy slug, e.g. "terms-of-service".' }),
    },
    resolve: (_root, args, context) => service.findPolicy(context.useCases, args.organization, args.slug),
  }),
}));
