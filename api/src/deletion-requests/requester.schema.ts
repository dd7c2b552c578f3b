// What the public sees of deletion requests: the requester's status page
// (through the secret status link) and the transparency figures. No personal
// data in either.
import { builder } from '../graphql/builder.ts';
import { DomainError } from '../shared/domain-error.ts';
import { DeletionRequestStatusEnum, JurisdictionEnum, PrivacyRequestKindEnum } from './deletion-requests.schema.ts';
import { deadlineOf, metricsOf, type RequesterView, requesterView } from './deletion-requests.service.ts';
import type { OutcomeFigures, RejectionCategory, TimelineEntry } from './models.ts';
import { publicSummaryOf } from './public-history.ts';
import { openDeletionRequestStatusWithCode } from './short-code.service.ts';
import { RejectionCategoryEnum } from './staff.schema.ts';

/** A step of the history with what its request asked, which the words of its completion follow. */
type PublicEvent = TimelineEntry & { requestKinds: RequesterView['request']['kinds'] };

const PublicEventRef = builder.objectRef<PublicEvent>('DeletionRequestPublicEvent').implement({
  authScopes: { public: true },
  fields: (t) => ({
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => event.occurredAt }),
    kind: t.exposeString('kind'),
    status: t.field({ type: DeletionRequestStatusEnum, nullable: true, resolve: (event) => event.toStatus }),
    summary: t.string({ resolve: (event) => publicSummaryOf(event, event.requestKinds) }),
  }),
});

export const StatusViewRef = builder.objectRef<RequesterView>('DeletionRequestStatusView').implement({
  description: 'A request as its requester sees it through the status link: no personal data.',
  authScopes: { public: true },
  fields: (t) => ({
    reference: t.string({ resolve: ({ request }) => request.reference }),
    organization: t.string({ description: 'Organization slug.', resolve: ({ organization }) => organization.slug }),
    organizationName: t.string({ resolve: ({ organization }) => organization.name }),
    status: t.field({ type: DeletionRequestStatusEnum, resolve: ({ request }) => request.status }),
    jurisdiction: t.field({ type: JurisdictionEnum, resolve: ({ request }) => request.jurisdiction }),
    kinds: t.field({ type: [PrivacyRequestKindEnum], description: 'What the request asks for.', resolve: ({ request }) => request.kinds }),
    receivedAt: t.field({ type: 'DateTime', resolve: ({ request }) => request.receivedAt }),
    dueAt: t.field({
      type: 'DateTime',
      resolve: ({ request, organization }, _args, context) => deadlineOf(request, organization.otherDays, context.now).dueAt,
    }),
    daysLeft: t.int({
      resolve: ({ request, organization }, _args, context) => deadlineOf(request, organization.otherDays, context.now).daysLeft,
    }),
    extensionReason: t.string({ nullable: true, resolve: ({ request }) => request.extension?.reason ?? null }),
    outcomeReason: t.string({ nullable: true, resolve: ({ request }) => request.outcomeReason }),
    rejectionCategory: t.field({ type: RejectionCategoryEnum, nullable: true, resolve: ({ request }) => request.rejectionCategory }),
    history: t.field({
      type: [PublicEventRef],
      resolve: ({ history, request }) => history.map((event) => ({ ...event, requestKinds: request.kinds })),
    }),
    receipt: t.string({
      nullable: true,
      description: 'The signed completion receipt (JSON), once completed.',
      resolve: ({ request }) => (request.receipt ? `${JSON.stringify(request.receipt, null, 2)}\n` : null),
    }),
  }),
});

const RejectionCountRef = builder.objectRef<{ category: RejectionCategory; count: number }>('RejectionCount').implement({
  authScopes: { public: true },
  fields: (t) => ({
    category: t.field({ type: RejectionCategoryEnum, resolve: (row) => row.category }),
    count: t.exposeInt('count'),
  }),
});

type Metrics = NonNullable<Awaited<ReturnType<typeof metricsOf>>>;

const CcpaCategoryEnum = builder.enumType('CcpaRequestCategory', {
  description: 'How the CCPA (Regulations §7102) reports requests: to know (access and portability), to delete, to correct.',
  values: ['KNOW', 'DELETE', 'CORRECT'] as const,
});

const FiguresRef = builder.objectRef<OutcomeFigures>('PrivacyRequestFigures').implement({
  description: 'How a set of requests ended. Counts only.',
  authScopes: { public: true },
  fields: (t) => ({
    received: t.exposeInt('received'),
    completed: t.exposeInt('completed'),
    rejected: t.exposeInt('rejected'),
    cancelled: t.exposeInt('cancelled'),
    expired: t.exposeInt('expired'),
    open: t.exposeInt('open'),
    medianDaysToClose: t.exposeFloat('medianDaysToClose', { nullable: true, description: 'Over completed and rejected requests.' }),
    p90DaysToClose: t.exposeFloat('p90DaysToClose', { nullable: true }),
    closedOnTimeShare: t.exposeFloat('closedOnTimeShare', { nullable: true, description: '0 to 1: answered by the due date.' }),
  }),
});

const KindFiguresRef = builder.objectRef<Metrics['byKind'][number]>('PrivacyRequestKindFigures').implement({
  description: "The year's requests that asked for one kind (a request of several kinds counts under each).",
  authScopes: { public: true },
  fields: (t) => ({
    kind: t.field({ type: PrivacyRequestKindEnum, resolve: (row) => row.kind }),
    figures: t.field({ type: FiguresRef, resolve: (row) => row }),
  }),
});

const CcpaFiguresRef = builder.objectRef<Metrics['byCcpaCategory'][number]>('CcpaCategoryFigures').implement({
  description: "The year's requests of one CCPA category (a request counts once per category it falls in).",
  authScopes: { public: true },
  fields: (t) => ({
    category: t.field({ type: CcpaCategoryEnum, resolve: (row) => row.category }),
    figures: t.field({ type: FiguresRef, resolve: (row) => row }),
  }),
});

const MetricsRef = builder.objectRef<Metrics>('DeletionRequestMetrics').implement({
  description: 'Deletion requests received in a calendar year (UTC) and how they ended. Counts only.',
  authScopes: { public: true },
  fields: (t) => ({
    organization: t.exposeString('organization'),
    year: t.exposeInt('year'),
    received: t.exposeInt('received'),
    completed: t.exposeInt('completed'),
    rejected: t.exposeInt('rejected'),
    cancelled: t.exposeInt('cancelled'),
    expired: t.exposeInt('expired'),
    open: t.exposeInt('open'),
    rejectedByCategory: t.field({ type: [RejectionCountRef], resolve: (metrics) => metrics.rejectedByCategory }),
    medianDaysToClose: t.exposeFloat('medianDaysToClose', { nullable: true, description: 'Over completed and rejected requests.' }),
    p90DaysToClose: t.exposeFloat('p90DaysToClose', { nullable: true }),
    closedOnTimeShare: t.exposeFloat('closedOnTimeShare', { nullable: true, description: '0 to 1: answered by the due date.' }),
    byKind: t.field({ type: [KindFiguresRef], description: 'Per kind, every kind listed.', resolve: (metrics) => metrics.byKind }),
    byCcpaCategory: t.field({
      type: [CcpaFiguresRef],
      description: 'Requests to know, to delete and to correct, as CCPA §7102 reports them.',
      resolve: (metrics) => metrics.byCcpaCategory,
    }),
  }),
});

builder.queryFields((t) => ({
  deletionRequestStatus: t.field({
    type: StatusViewRef,
    nullable: true,
    description: 'The status of a request, for the holder of its status link; null for any link that is not valid.',
    args: { token: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, args, context) => requesterView(context.useCases, args.token),
  }),
  deletionRequestMetrics: t.field({
    type: MetricsRef,
    nullable: true,
    description: "An organization's deletion-request figures for a year; null for an unknown organization.",
    args: { organization: t.arg.string({ required: true }), year: t.arg.int({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, args, context) => metricsOf(context.useCases, args.organization, args.year),
  }),
}));

const StatusHandleRef = builder.objectRef<{ statusToken: string }>('DeletionRequestStatusHandle').implement({
  description: 'A status token of its own for the device that typed the status code; the mailed link stays valid.',
  authScopes: { public: true },
  fields: (t) => ({
    statusToken: t.string({
      description: "Works as the status link's token in deletionRequestStatus. Keep it private.",
      resolve: ({ statusToken }) => statusToken,
    }),
  }),
});

builder.mutationFields((t) => ({
  openDeletionRequestStatusWithCode: t.field({
    type: StatusHandleRef,
    description:
      'Opens the status of a request with its reference and the 8-character status code from the mail, for people who cannot open the link. Five wrong codes for a request and its codes stop working (CODE_ATTEMPTS_EXHAUSTED).',
    errors: { types: [DomainError] },
    args: { reference: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: async (_root, args, context) => ({ statusToken: await openDeletionRequestStatusWithCode(context.useCases, args) }),
  }),
}));
