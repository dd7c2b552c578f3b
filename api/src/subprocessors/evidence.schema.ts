// The evidence of announced changes for staff: the organization's announced
// changes (policy versions and subprocessor list versions) with their notice
// counts, and the signed evidence of a policy version's notices. (A
// subprocessor list version's evidence is exported by
// exportSubprocessorChangeEvidence, beside its objections.) Both need
// change-evidence:export; the services check it again.
import { builder } from '../graphql/builder.ts';
import { organizationIdOf, permissionInOrganization } from '../graphql/organization-argument.ts';
import { DomainError } from '../shared/domain-error.ts';
import { exportPolicyChangeEvidence, POLICY_EVIDENCE_PERMISSION } from './evidence.service.ts';
import { type AnnouncedChangeSummary, announcedChangesOf } from './evidence-changes.service.ts';

const KindEnum = builder.enumType('AnnouncedChangeKind', {
  values: {
    POLICY_VERSION: { description: 'A material version of a policy.' },
    SUBPROCESSOR_LIST: { description: 'A version of the subprocessor list.' },
  } as const,
});

const AnnouncedChangeRef = builder.objectRef<AnnouncedChangeSummary>('AnnouncedChange').implement({
  description:
    'A change announced to the organization’s subscribers, with how its notices went. Export its signed evidence with exportPolicyChangeEvidence or exportSubprocessorChangeEvidence.',
  authScopes: { public: true },
  fields: (t) => ({
    kind: t.field({ type: KindEnum, resolve: (change) => change.kind }),
    document: t.exposeString('document', { nullable: true, description: 'The policy’s slug; null for the subprocessor list.' }),
    title: t.exposeString('title', { description: 'The policy’s title, or "Subprocessor list".' }),
    version: t.exposeString('version'),
    summary: t.exposeString('summary'),
    announcedAt: t.expose('announcedAt', { type: 'DateTime', description: 'When it was published, and its notices sent.' }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime' }),
    notified: t.exposeInt('notified', { description: 'Confirmed subscribers sent a notice.' }),
    delivered: t.exposeInt('delivered', { description: 'Notices the mail server accepted.' }),
    failed: t.exposeInt('failed', { description: 'Notices given up on; the rest are still being sent.' }),
  }),
});

const PolicyEvidenceRef = builder
  .objectRef<{ json: string; organization: string; document: string; version: string }>('PolicyChangeEvidence')
  .implement({
    description:
      'The signed evidence of a material policy version’s notices: how many confirmed subscribers were notified and how each delivery went (subscribers as salted hashes). Policy changes have no objection process; the record says so. Verify offline with `pnpm cli evidence:verify`.',
    authScopes: { public: true },
    fields: (t) => ({
      json: t.exposeString('json', { description: 'The signed record, `{ evidence, signature }`, as JSON to save.' }),
      fileName: t.string({ resolve: (e) => `${e.organization}-${e.document}-${e.version}-evidence.json` }),
    }),
  });

builder.queryFields((t) => ({
  announcedChanges: t.field({
    type: [AnnouncedChangeRef],
    description:
      'The organization’s announced changes, newest first: material policy versions after a policy’s first, and subprocessor list versions after the first, with their notice counts (needs change-evidence:export).',
    args: { organization: t.arg.string({ required: true }) },
    authScopes: permissionInOrganization(POLICY_EVIDENCE_PERMISSION),
    resolve: async (_root, args, context) =>
      announcedChangesOf(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
}));

builder.mutationFields((t) => ({
  exportPolicyChangeEvidence: t.field({
    type: PolicyEvidenceRef,
    description:
      'Signs and returns the evidence of a material policy version’s notices (needs change-evidence:export). Each export is audited. A version that announced nothing (not material, or a policy’s first) is BAD_USER_INPUT.',
    errors: { types: [DomainError] },
    args: {
      organization: t.arg.string({ required: true }),
      document: t.arg.string({ required: true, description: 'The policy’s slug, e.g. "terms-of-service".' }),
      version: t.arg.string({ required: true, description: 'The version, e.g. "1.1".' }),
    },
    authScopes: permissionInOrganization(POLICY_EVIDENCE_PERMISSION),
    resolve: async (_root, args, context) => {
      const organizationId = await organizationIdOf(context, args.organization);
      const signed = await exportPolicyChangeEvidence(
        context.useCases,
        context.principal,
        { organizationId, document: args.document, version: args.version },
        context.request,
      );
      return {
        json: `${JSON.stringify(signed, null, 2)}\n`,
        organization: args.organization,
        document: args.document,
        version: args.version,
      };
    },
  }),
}));
