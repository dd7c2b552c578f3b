// The public contract for subprocessor lists: who else processes an
// organization's customer data, since when, and what changed. Everything in
// it is public, like the policies it completes.
import type { RegisterChange } from '@governance/policies/subprocessors/changes';
import { countryName } from '@governance/policies/subprocessors/schema';
import { builder } from '../graphql/builder.ts';
import { organizationIdOrNull } from '../graphql/organization-argument.ts';
import { OrganizationRef } from '../policies/policies.schema.ts';
import { TrustPackRef } from '../policies/trust-pack.schema.ts';
import type { SubprocessorEntry, SubprocessorListVersion } from './models.ts';
import * as service from './subprocessors.service.ts';

const PUBLIC = { public: true } as const;

const RoleEnum = builder.enumType('SubprocessorRole', {
  values: {
    SUBPROCESSOR: { value: 'subprocessor', description: 'Processes customer data on the organization’s behalf.' },
    AFFILIATE: { value: 'affiliate', description: 'A company of the same group processing customer data.' },
    RECIPIENT: {
      value: 'recipient',
      description: 'Receives data, but not as the organization’s processor (for example a provider the customer chose).',
    },
  } as const,
});

const FactEnum = builder.enumType('StatedFact', {
  description: 'A yes-or-no fact as the organization states it; UNKNOWN when it does not.',
  values: { YES: { value: 'yes' }, NO: { value: 'no' }, UNKNOWN: { value: 'unknown' } } as const,
});

const TrainingEnum = builder.enumType('TrainingOnCustomerData', {
  values: {
    NEVER: { value: 'never', description: 'Never trains on customer data.' },
    OPT_IN: { value: 'opt-in', description: 'Only when the customer opts in.' },
    PROVIDER_DEFAULT: { value: 'provider-default', description: 'As the provider’s own terms and settings decide.' },
    UNKNOWN: { value: 'unknown', description: 'Not stated.' },
  } as const,
});

const ChangeKindEnum = builder.enumType('SubprocessorChangeKind', {
  values: { ADDED: { value: 'added' }, REMOVED: { value: 'removed' }, MODIFIED: { value: 'modified' } } as const,
});

const CountryRef = builder.objectRef<string>('Country').implement({
  description: 'A country where data is processed.',
  authScopes: PUBLIC,
  fields: (t) => ({
    code: t.string({ description: 'ISO 3166-1 alpha-2 code.', resolve: (code) => code }),
    name: t.string({ description: 'English name.', resolve: (code) => countryName(code) }),
  }),
});

const AiServiceRef = builder.objectRef<NonNullable<SubprocessorEntry['ai']>>('AiServiceFacts').implement({
  description: 'What an AI service does with the data it is sent.',
  authScopes: PUBLIC,
  fields: (t) => ({
    services: t.stringList({
      nullable: true,
      description: 'The services or models used; null when the organization names none.',
      resolve: (ai) => ai.services ?? null,
    }),
    receivesCustomerContent: t.field({ type: FactEnum, resolve: (ai) => ai.receivesCustomerContent }),
    modelDeveloperReceivesData: t.field({
      type: FactEnum,
      description: 'Whether the developer of the model (not the platform hosting it) receives any data.',
      resolve: (ai) => ai.modelDeveloperReceivesData,
    }),
    trainsOnCustomerData: t.field({ type: TrainingEnum, resolve: (ai) => ai.trainsOnCustomerData }),
    retention: t.string({
      nullable: true,
      description: 'How long the provider keeps what it receives, as stated.',
      resolve: (ai) => ai.retention ?? null,
    }),
    chosenByCustomer: t.exposeBoolean('chosenByCustomer', {
      description: 'The customer picks this provider (bring your own key) and it works under the customer’s own agreement.',
    }),
  }),
});

const SubprocessorRef = builder.objectRef<SubprocessorEntry>('Subprocessor').implement({
  description:
    'A third party that processes customer data. Either `name` (a named company) or `category` (a kind of provider the organization does not name) is set. Facts the organization does not state are null.',
  authScopes: PUBLIC,
  fields: (t) => ({
    name: t.string({ nullable: true, resolve: (entry) => entry.name ?? null }),
    category: t.string({ nullable: true, resolve: (entry) => entry.category ?? null }),
    website: t.string({ nullable: true, resolve: (entry) => entry.website ?? null }),
    purpose: t.exposeString('purpose'),
    dataCategories: t.stringList({ nullable: true, resolve: (entry) => entry.dataCategories ?? null }),
    locations: t.field({ type: [CountryRef], nullable: true, resolve: (entry) => entry.locations ?? null }),
    transferBasis: t.string({ nullable: true, resolve: (entry) => entry.transferBasis ?? null }),
    role: t.field({ type: RoleEnum, resolve: (entry) => entry.role }),
    ai: t.field({ type: AiServiceRef, nullable: true, resolve: (entry) => entry.ai ?? null }),
  }),
});

const ChangeRef = builder.objectRef<RegisterChange>('SubprocessorChange').implement({
  description: 'One entry added, removed or modified between two versions of a list.',
  authScopes: PUBLIC,
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (change) => change.kind }),
    key: t.exposeString('key', { description: 'The entry’s name, or "category: …" for a kind of provider.' }),
    before: t.field({
      type: SubprocessorRef,
      nullable: true,
      resolve: (change) => (change.kind === 'added' ? null : change.kind === 'removed' ? change.entry : change.before),
    }),
    after: t.field({
      type: SubprocessorRef,
      nullable: true,
      resolve: (change) => (change.kind === 'removed' ? null : change.kind === 'added' ? change.entry : change.after),
    }),
    changedFields: t.stringList({
      description: 'For MODIFIED, the fields that differ (`purpose`, `locations`, `ai`, …); empty otherwise.',
      resolve: (change) => (change.kind === 'modified' ? [...change.fields] : []),
    }),
  }),
});

const ListRef = builder.objectRef<SubprocessorListVersion>('SubprocessorList').implement({
  description: 'One published, immutable version of an organization’s subprocessor list.',
  authScopes: PUBLIC,
  fields: (t) => ({
    version: t.exposeString('version'),
    announcedAt: t.expose('announcedAt', {
      type: 'DateTime',
      description: 'When the list was made public: 00:00 UTC of its announcement date.',
    }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime', description: 'When the list takes effect: 00:00 UTC of its effective date.' }),
    summary: t.exposeString('summary'),
    entries: t.field({ type: [SubprocessorRef], resolve: (list) => list.entries }),
    changes: t.field({
      type: [ChangeRef],
      description: 'What this version changed from the version before it (every entry, for the first).',
      resolve: (list, _args, context) => service.changesOf(context.useCases, list),
    }),
    canonicalJson: t.exposeString('canonicalJson', { description: 'The version as RFC 8785 canonical JSON; its SHA-256 is `sha256`.' }),
    sha256: t.exposeString('sha256', { description: 'Hex SHA-256 of the UTF-8 bytes of `canonicalJson`.' }),
  }),
});

const ListDiffRef = builder.objectRef<service.ListDiff>('SubprocessorListDiff').implement({
  authScopes: PUBLIC,
  fields: (t) => ({
    from: t.field({ type: ListRef, resolve: (diff) => diff.from }),
    to: t.field({ type: ListRef, resolve: (diff) => diff.to }),
    changes: t.field({ type: [ChangeRef], resolve: (diff) => diff.changes }),
  }),
});

builder.objectFields(OrganizationRef, (t) => ({
  subprocessorLists: t.field({
    type: [ListRef],
    description: 'Every announced version of the subprocessor list, newest first.',
    resolve: (organization, _args, context) => service.listVersionsOf(context.useCases, organization.id),
  }),
  subprocessorList: t.field({
    type: ListRef,
    nullable: true,
    args: { version: t.arg.string({ required: true }) },
    resolve: (organization, args, context) => service.listVersion(context.useCases, organization.id, args.version),
  }),
  upcomingSubprocessorList: t.field({
    type: ListRef,
    nullable: true,
    description: 'The announced list that takes effect next, while customers may still object to it.',
    resolve: (organization, _args, context) => service.upcomingListOf(context.useCases, organization.id),
  }),
  subprocessorListDiff: t.field({
    type: ListDiffRef,
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }) },
    resolve: (organization, args, context) => service.diffLists(context.useCases, organization.id, args.from, args.to),
  }),
}));

builder.objectFields(TrustPackRef, (t) => ({
  subprocessors: t.field({
    type: ListRef,
    nullable: true,
    description: 'The subprocessor list in force at `at`; null before the organization published one.',
    resolve: (pack, _args, context) => service.listInForceAt(context.useCases, pack.organization.id, pack.at),
  }),
}));

builder.queryFields((t) => ({
  subprocessors: t.field({
    type: ListRef,
    nullable: true,
    authScopes: PUBLIC,
    description:
      'The subprocessor list of an organization in force at `at` (now, when omitted); null for an unknown organization or before its first list.',
    args: {
      organization: t.arg.string({ required: true, description: 'Organization slug, e.g. "leandna".' }),
      at: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (_root, args, context) => {
      const organizationId = await organizationIdOrNull(context, args.organization);
      if (!organizationId) return null;
      return service.listInForceAt(context.useCases, organizationId, args.at ?? context.useCases.now);
    },
  }),
}));
