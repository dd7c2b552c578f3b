// Retention in the API: the public schedule (no sign-in), and for staff the
// settings, their history, changes to them and the sweeps that enforced
// them. Reading needs `retention:read` (every role, and tokens with
// RETENTION_READ); changing needs `retention:write` (privacy officers and
// admins), and the audit trail's own setting `audit-retention:write`
// (admins; the service checks it). An unknown organization is refused like
// a forbidden one.
import { builder } from '../graphql/builder.ts';
import { forwardConnection, refuseBackwardPaging } from '../graphql/forward-connection.ts';
import { organizationIdOf, organizationIdOrNull, permissionInOrganization } from '../graphql/organization-argument.ts';
import {
  currentSettings,
  type Enforcement,
  publicSchedule,
  type RetentionSchedule,
  type RetentionSetting,
  type ScheduleEntry,
  settingHistory,
  updateSetting,
} from './retention.service.ts';
import {
  MAX_RUNS_PAGE,
  type RetentionRun,
  type RuleOutcome,
  retentionRunsPage,
  runCursor,
  type SweepResult,
  sweepOrganization,
} from './sweep.service.ts';

const PUBLIC = { public: true } as const;

const RetentionActionEnum = builder.enumType('RetentionAction', {
  description: 'What happens to data of a category when its period has passed.',
  values: {
    DELETE: { description: 'The data is deleted.' },
    ANONYMIZE: { description: 'What identifies a person is erased; the rest of the record stays.' },
  },
});

const RetentionEnforcementRef = builder.objectRef<Enforcement>('RetentionEnforcement').implement({
  description: 'Whether this system enforces the setting itself, and how.',
  authScopes: PUBLIC,
  fields: (t) => ({
    enforced: t.exposeBoolean('enforced', { description: 'True when a rule of this system removes the data on schedule.' }),
    rule: t.exposeString('rule', { nullable: true, description: 'The built-in rule, e.g. delete-ended-sessions.' }),
    note: t.exposeString('note', { description: 'What the rule does, or "not enforced by this system".' }),
  }),
});

const RetentionScheduleEntryRef = builder.objectRef<ScheduleEntry>('RetentionScheduleEntry').implement({
  description: 'One published retention setting.',
  authScopes: PUBLIC,
  fields: (t) => ({
    category: t.exposeString('category', { description: 'The data category, a slug such as staff-sessions.' }),
    description: t.exposeString('description'),
    period: t.exposeString('period', { description: 'An ISO-8601 duration such as P30D or P24M, or INDEFINITE.' }),
    periodDescription: t.exposeString('periodDescription', { description: 'The period in words, e.g. "24 months".' }),
    justification: t.exposeString('justification', { nullable: true, description: 'Why data is kept indefinitely, when it is.' }),
    trigger: t.exposeString('trigger', { description: 'What starts the clock, e.g. "request closed".' }),
    action: t.field({ type: RetentionActionEnum, resolve: (entry) => entry.action }),
    legalBasis: t.exposeString('legalBasis'),
    version: t.exposeInt('version'),
    since: t.expose('since', { type: 'DateTime', description: 'When this version of the setting was made.' }),
    enforcement: t.field({ type: RetentionEnforcementRef, resolve: (entry) => entry.enforcement }),
  }),
});

const RetentionScheduleRef = builder.objectRef<RetentionSchedule>('RetentionSchedule').implement({
  description: 'An organization’s published retention schedule at an instant.',
  authScopes: PUBLIC,
  fields: (t) => ({
    organization: t.exposeString('organization', { description: 'The organization slug.' }),
    organizationName: t.exposeString('organizationName'),
    at: t.expose('at', { type: 'DateTime' }),
    entries: t.field({ type: [RetentionScheduleEntryRef], description: 'By category.', resolve: (schedule) => schedule.entries }),
  }),
});

const RetentionSettingRef = builder.objectRef<RetentionSetting>('RetentionSetting').implement({
  description: 'One version of a retention setting, public or not.',
  authScopes: (setting) => ({ permission: { organizationId: setting.organizationId, permission: 'retention:read' } }),
  fields: (t) => ({
    id: t.exposeID('id'),
    category: t.exposeString('category'),
    version: t.exposeInt('version', { description: '1, 2, 3… per category; every change makes a new one.' }),
    description: t.exposeString('description'),
    period: t.exposeString('period', { description: 'An ISO-8601 duration such as P30D or P24M, or INDEFINITE.' }),
    periodDescription: t.exposeString('periodDescription'),
    justification: t.exposeString('justification', { nullable: true }),
    trigger: t.exposeString('trigger'),
    action: t.field({ type: RetentionActionEnum, resolve: (setting) => setting.action }),
    legalBasis: t.exposeString('legalBasis'),
    public: t.exposeBoolean('public', { description: 'Whether the setting is part of the published schedule.' }),
    changedBy: t.exposeString('changedBy', { nullable: true, description: 'Who made the change; null for the initial settings file.' }),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
    reason: t.exposeString('reason', { description: 'Why the change was made.' }),
    enforcement: t.field({ type: RetentionEnforcementRef, resolve: (setting) => setting.enforcement }),
  }),
});

const RetentionRunRuleRef = builder.objectRef<RetentionRun['rules'][number]>('RetentionRunRule').implement({
  description: 'What one rule did in a sweep.',
  // Reached only through a RetentionRun, which carries the organization's check.
  authScopes: PUBLIC,
  fields: (t) => ({
    category: t.exposeString('category'),
    rule: t.exposeString('rule'),
    period: t.exposeString('period'),
    cutoff: t.field({
      type: 'DateTime',
      description: 'Items whose clock started before this were due.',
      resolve: (rule) => new Date(rule.cutoff),
    }),
    count: t.exposeInt('count', { description: 'Items deleted or anonymized.' }),
    done: t.exposeBoolean('done'),
  }),
});

const RetentionRunStatusEnum = builder.enumType('RetentionRunStatus', { values: ['RUNNING', 'COMPLETED'] as const });

const RetentionRunRef = builder.objectRef<RetentionRun>('RetentionRun').implement({
  description: 'One sweep of an organization’s data by its retention settings.',
  authScopes: (run) => ({ permission: { organizationId: run.organizationId, permission: 'retention:read' } }),
  fields: (t) => ({
    id: t.exposeID('id'),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'The instant every cutoff of the run is computed from.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    status: t.field({ type: RetentionRunStatusEnum, resolve: (run) => run.status }),
    startedBy: t.exposeString('startedBy', { description: '"job" (the schedule) or "cli".' }),
    rules: t.field({ type: [RetentionRunRuleRef], resolve: (run) => run.rules }),
  }),
});

const RetentionPreviewRuleRef = builder.objectRef<RuleOutcome>('RetentionPreviewRule').implement({
  description: 'What one rule would do if the sweep ran now.',
  authScopes: PUBLIC,
  fields: (t) => ({
    category: t.exposeString('category'),
    rule: t.exposeString('rule', { nullable: true }),
    status: t.exposeString('status', { description: 'SWEPT (the rule would act), KEPT_INDEFINITELY or NOT_ENFORCED.' }),
    period: t.exposeString('period', { nullable: true }),
    cutoff: t.field({ type: 'DateTime', nullable: true, resolve: (rule) => rule.cutoff }),
    count: t.exposeInt('count', { description: 'Items that would be deleted, anonymized or expired.' }),
  }),
});

const RetentionPreviewRef = builder.objectRef<SweepResult & { organizationId: string }>('RetentionPreview').implement({
  description: 'A dry run of the sweep: what each rule would do now. Nothing is changed or recorded.',
  authScopes: (preview) => ({ permission: { organizationId: preview.organizationId, permission: 'retention:read' } }),
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    rules: t.field({ type: [RetentionPreviewRuleRef], resolve: (preview) => preview.outcomes }),
  }),
});

const RetentionSettingInput = builder.inputType('RetentionSettingInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'The organization slug.' }),
    category: t.string({ required: true, description: 'A slug; a new one adds a category.' }),
    description: t.string({ required: true }),
    period: t.string({ required: true, description: 'An ISO-8601 duration (P30D, P24M, P1Y6M) or INDEFINITE.' }),
    justification: t.string({ description: 'Required when the period is INDEFINITE.' }),
    trigger: t.string({ required: true, description: 'What starts the clock.' }),
    action: t.field({ type: RetentionActionEnum, required: true }),
    legalBasis: t.string({ required: true }),
    public: t.boolean({ required: true, description: 'Whether the setting is published.' }),
    expectedVersion: t.int({ description: 'The version the change is based on (0 for a new category); refused when it moved.' }),
  }),
});

builder.queryFields((t) => ({
  retentionSchedule: t.field({
    type: RetentionScheduleRef,
    nullable: true,
    description: 'The published retention schedule of an organization, as it stood at `at` (default: now); null for an unknown one.',
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      at: t.arg({ type: 'DateTime' }),
    },
    authScopes: PUBLIC,
    resolve: (_root, args, context) => publicSchedule(context.useCases, args.organization, args.at ?? context.now),
  }),
  retentionSettings: t.field({
    type: [RetentionSettingRef],
    description: 'The current setting of every category, public or not, by category (needs retention:read).',
    args: { organization: t.arg.string({ required: true, description: 'The organization slug.' }) },
    authScopes: permissionInOrganization('retention:read'),
    resolve: async (_root, args, context) =>
      currentSettings(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
  retentionHistory: t.field({
    type: [RetentionSettingRef],
    description: 'Every version of one category’s setting, newest first (needs retention:read).',
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      category: t.arg.string({ required: true }),
    },
    authScopes: permissionInOrganization('retention:read'),
    resolve: async (_root, args, context) =>
      settingHistory(context.useCases, context.principal, await organizationIdOf(context, args.organization), args.category),
  }),
  retentionDryRun: t.field({
    type: RetentionPreviewRef,
    description: 'What a sweep would do now, rule by rule, changing nothing (needs retention:write, as a sweep would).',
    args: { organization: t.arg.string({ required: true, description: 'The organization slug.' }) },
    authScopes: permissionInOrganization('retention:write'),
    resolve: async (_root, args, context) => {
      const organizationId = await organizationIdOf(context, args.organization);
      const preview = await sweepOrganization({ ...context.useCases, signingKey: null }, context.principal, args.organization, {
        dryRun: true,
        startedBy: 'dashboard',
      });
      return { ...preview, organizationId };
    },
  }),
  retentionRuns: t.connection({
    type: RetentionRunRef,
    description: `Past sweeps, newest first (needs retention:read). Pages of up to ${MAX_RUNS_PAGE}; \`after\` takes an endCursor; no totals.`,
    args: { organization: t.arg.string({ required: true, description: 'The organization slug.' }) },
    authScopes: permissionInOrganization('retention:read'),
    resolve: async (_root, args, context) => {
      refuseBackwardPaging(args, 'Retention runs');
      const page = await retentionRunsPage(context.useCases, context.principal, await organizationIdOf(context, args.organization), {
        first: args.first ?? null,
        after: args.after ?? null,
      });
      return forwardConnection(page.runs, runCursor, page.hasNextPage);
    },
  }),
}));

builder.mutationFields((t) => ({
  updateRetentionSetting: t.field({
    type: RetentionSettingRef,
    description:
      'Adds a version of a category’s retention setting (needs retention:write; audit-events needs an admin and at least the audit retention floor). Audited; `reason` is kept with the version.',
    args: {
      input: t.arg({ type: RetentionSettingInput, required: true }),
      reason: t.arg.string({ required: true, description: 'Why the setting changes.' }),
    },
    authScopes: async (_root, args, context) => ({
      permission: { organizationId: await organizationIdOrNull(context, args.input.organization), permission: 'retention:write' },
    }),
    resolve: async (_root, { input, reason }, context) => {
      const { organization, ...setting } = input;
      return updateSetting(
        context.useCases,
        context.principal,
        await organizationIdOf(context, organization),
        setting,
        reason,
        context.request,
      );
    },
  }),
}));
