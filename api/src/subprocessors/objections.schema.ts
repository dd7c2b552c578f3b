// Objections to subprocessor changes: the public mutations a customer
// contact objects and confirms with, and the staff fields that read, resolve
// and export the evidence of a change. Reading needs
// subprocessor-objections:read in the organization, resolving
// subprocessor-objections:write; the services check both again.
import { OBJECTION_OUTCOME_VALUES, OBJECTION_OUTCOMES } from '@governance/policies/vocabulary/subprocessor-objections';
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { organizationIdOf, organizationIdOrNull, permissionInOrganization } from '../graphql/organization-argument.ts';
import { DomainError } from '../shared/domain-error.ts';
import { exportChangeEvidence } from './evidence.service.ts';
import { objectionForStaff, objectionsOf, resolveObjection, type SubprocessorObjection } from './objection-review.service.ts';
import {
  type ObjectionConfirmed,
  type ObjectionReceived,
  objectToSubprocessorChange,
  verifySubprocessorObjection,
} from './objections.service.ts';

const OutcomeEnum = builder.enumType('SubprocessorObjectionOutcome', {
  description: 'How staff resolved an objection.',
  values: Object.fromEntries(OBJECTION_OUTCOME_VALUES.map((value) => [value, { description: OBJECTION_OUTCOMES[value] }])) as Record<
    keyof typeof OBJECTION_OUTCOMES,
    { description: string }
  >,
});

const StateEnum = builder.enumType('SubprocessorObjectionState', {
  values: { OPEN: { description: 'Confirmed, waiting for staff.' }, RESOLVED: { description: 'Resolved with an outcome.' } } as const,
});

const ObjectionReceivedRef = builder.objectRef<ObjectionReceived>('SubprocessorObjectionReceived').implement({
  description: 'The objection was recorded; it counts once the address is confirmed by the link mailed to it.',
  authScopes: { public: true },
  fields: (t) => ({
    version: t.exposeString('version', { description: 'The list version objected to.' }),
    effectiveAt: t.expose('effectiveAt', {
      type: 'DateTime',
      description: 'Confirm before this instant, or the objection does not count.',
    }),
  }),
});

const ObjectionConfirmedRef = builder.objectRef<ObjectionConfirmed>('SubprocessorObjectionConfirmed').implement({
  description: 'The objection counts: staff of the organization will answer it.',
  authScopes: { public: true },
  fields: (t) => ({
    organizationName: t.string({ resolve: (confirmed) => confirmed.organization.name }),
    organizationSlug: t.string({ resolve: (confirmed) => confirmed.organization.slug }),
    version: t.exposeString('version'),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime' }),
  }),
});

const readScope = (objection: SubprocessorObjection) => ({
  permission: { organizationId: objection.organizationId, permission: 'subprocessor-objections:read' as const },
});

const ObjectionRef = builder.objectRef<SubprocessorObjection>('SubprocessorObjection').implement({
  description: 'A confirmed objection to a subprocessor list version, as staff see it.',
  authScopes: readScope,
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeString('version', { description: 'The list version objected to.' }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime', description: 'When that version takes effect.' }),
    email: t.string({ nullable: true, description: 'The confirmed address; null once erased by retention.', resolve: (o) => o.email }),
    company: t.exposeString('company'),
    reason: t.string({ nullable: true, description: 'Null once erased by retention.', resolve: (o) => o.reason }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    verifiedAt: t.field({ type: 'DateTime', resolve: (o) => o.verifiedAt as Date }),
    state: t.field({ type: StateEnum, resolve: (o) => (o.resolvedAt ? 'RESOLVED' : 'OPEN') }),
    outcome: t.field({ type: OutcomeEnum, nullable: true, resolve: (o) => o.outcome }),
    resolutionNote: t.string({ nullable: true, resolve: (o) => o.resolutionNote }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.resolvedAt }),
    resolvedBy: t.string({ nullable: true, description: 'The address of the staff member who resolved it.', resolve: (o) => o.resolvedBy }),
  }),
});

const EvidenceRef = builder.objectRef<{ json: string; version: string; organization: string }>('SubprocessorChangeEvidence').implement({
  description:
    'The signed evidence of an announced subprocessor change: notices sent and their delivery (subscribers as salted hashes), and the confirmed objections with their outcomes. Verify offline with `pnpm cli evidence:verify`.',
  authScopes: { public: true },
  fields: (t) => ({
    json: t.exposeString('json', { description: 'The signed record, `{ evidence, signature }`, as JSON to save.' }),
    fileName: t.string({ resolve: (e) => `${e.organization}-subprocessors-${e.version}-evidence.json` }),
  }),
});

const ObjectToChangeInput = builder.inputType('ObjectToSubprocessorChangeInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'Organization slug.' }),
    version: t.string({ required: true, description: 'The announced subprocessor list version objected to, e.g. "1.1".' }),
    email: t.string({ required: true, description: 'Where the confirmation link is sent.' }),
    company: t.string({ required: true, description: 'The customer on whose behalf the contact objects (up to 200 characters).' }),
    reason: t.string({ required: true, description: 'Why (up to 4,000 characters).' }),
  }),
});

const ResolveInput = builder.inputType('ResolveSubprocessorObjectionInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'The slug of the organization the objection was made to.' }),
    id: t.id({ required: true }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    note: t.string({ description: 'What was decided and why (up to 4,000 characters; staff only).' }),
  }),
});

builder.mutationFields((t) => ({
  objectToSubprocessorChange: t.field({
    type: ObjectionReceivedRef,
    description:
      'Objects to an announced subprocessor change until it takes effect (refused from the effective instant: OBJECTION_PERIOD_ENDED). A link to confirm the address is mailed; the objection counts only once confirmed. Limited per address and per email.',
    errors: { types: [DomainError] },
    args: { input: t.arg({ type: ObjectToChangeInput, required: true }) },
    authScopes: { public: true },
    resolve: (_root, { input }, context) => objectToSubprocessorChange(context.useCases, input, context.request),
  }),
  verifySubprocessorObjection: t.field({
    type: ObjectionConfirmedRef,
    description: 'Confirms the objector’s address with the token from the mailed link, before the change takes effect. Safe to repeat.',
    errors: { types: [DomainError] },
    args: { token: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, { token }, context) => verifySubprocessorObjection(context.useCases, token, context.request),
  }),
  resolveSubprocessorObjection: t.field({
    type: ObjectionRef,
    description:
      'Resolves an open objection with an outcome and a note (needs subprocessor-objections:write). An outcome stands once given.',
    errors: { types: [DomainError] },
    args: { input: t.arg({ type: ResolveInput, required: true }) },
    authScopes: async (_root, args, context: GraphQLContext) => ({
      permission: {
        organizationId: await organizationIdOrNull(context, args.input.organization),
        permission: 'subprocessor-objections:write' as const,
      },
    }),
    resolve: async (_root, { input }, context) =>
      resolveObjection(
        context.useCases,
        context.principal,
        {
          organizationId: await organizationIdOf(context, input.organization),
          id: String(input.id),
          outcome: input.outcome,
          note: input.note ?? null,
        },
        context.request,
      ),
  }),
  exportSubprocessorChangeEvidence: t.field({
    type: EvidenceRef,
    description:
      'Signs and returns the evidence of an announced subprocessor list version (needs subprocessor-objections:read). Each export is audited.',
    errors: { types: [DomainError] },
    args: { organization: t.arg.string({ required: true }), version: t.arg.string({ required: true }) },
    authScopes: permissionInOrganization('subprocessor-objections:read'),
    resolve: async (_root, args, context) => {
      const organizationId = await organizationIdOf(context, args.organization);
      const signed = await exportChangeEvidence(
        context.useCases,
        context.principal,
        { organizationId, version: args.version },
        context.request,
      );
      return { json: `${JSON.stringify(signed, null, 2)}\n`, version: args.version, organization: args.organization };
    },
  }),
}));

builder.queryFields((t) => ({
  subprocessorObjections: t.field({
    type: [ObjectionRef],
    description:
      'Confirmed objections to the organization’s subprocessor changes, newest first, at most 200 (needs subprocessor-objections:read). Unconfirmed objections do not count and are not listed.',
    args: {
      organization: t.arg.string({ required: true }),
      version: t.arg.string({ description: 'Only objections to this list version.' }),
      state: t.arg({ type: StateEnum }),
    },
    authScopes: permissionInOrganization('subprocessor-objections:read'),
    resolve: async (_root, args, context) =>
      objectionsOf(context.useCases, context.principal, {
        organizationId: await organizationIdOf(context, args.organization),
        version: args.version ?? null,
        state: args.state ?? null,
      }),
  }),
  subprocessorObjection: t.field({
    type: ObjectionRef,
    nullable: true,
    description: 'One confirmed objection; null when there is none you may read.',
    args: { id: t.arg.id({ required: true }) },
    // The objection's own type checks its organization.
    authScopes: { public: true },
    resolve: (_root, args, context) => objectionForStaff(context.useCases, context.principal, String(args.id)),
  }),
}));
