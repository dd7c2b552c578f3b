// Deletion requests for privacy staff: the queue, one request with its
// timeline, and the actions. Reading needs deletion-requests:read in the
// request's organization, acting deletion-requests:write; the services check
// both again.
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { forwardConnection, refuseBackwardPaging } from '../graphql/forward-connection.ts';
import { organizationIdOf, permissionInOrganization } from '../graphql/organization-argument.ts';
import { DomainError } from '../shared/domain-error.ts';
import { DeletionRequestStatusEnum, JurisdictionEnum, PrivacyRequestKindEnum } from './deletion-requests.schema.ts';
import {
  deadlineOf,
  encodeQueueCursor,
  extensionAvailable,
  MAX_DUE_WITHIN_DAYS,
  MAX_QUEUE_PAGE,
  organizationIdOfRequest,
  type QueueQuery,
  queuePage,
  type RecentRequests,
  recentRequestsOf,
  requestForStaff,
  staffTransitions,
  statusCounts,
  timelineOf,
} from './deletion-requests.service.ts';
import { ACTIONS } from './lifecycle.ts';
import type { Completion, RejectionCategory, StaffRequest, Status, TimelineEntry } from './models.ts';
import { RetainedItemInputRef } from './privacy-request-items.schema.ts';
import type { RetainedItemInput } from './retained-items.ts';
import { addNote, applyStaffAction, type StaffCommand } from './staff-actions.service.ts';

const readScope = (request: StaffRequest) => ({
  permission: { organizationId: request.organizationId, permission: 'deletion-requests:read' as const },
});

export const RejectionCategoryEnum = builder.enumType('RejectionCategory', {
  values: ['UNVERIFIABLE', 'EXEMPT', 'EXCESSIVE', 'DUPLICATE', 'OTHER'] as const,
});
const HoldReasonEnum = builder.enumType('HoldReason', {
  values: {
    IDENTITY_PROOF: { description: 'Waiting for proof of identity: stops the GDPR clock.' },
    OTHER: { description: 'Waiting for the requester for another reason: the clock runs on.' },
  },
});
const ActionEnum = builder.enumType('DeletionRequestAction', { values: ACTIONS.filter((action) => action !== 'EXPIRE') });

const ExtensionRef = builder
  .objectRef<{ amount: number; unit: 'MONTHS' | 'DAYS'; reason: string; at: Date }>('DeletionRequestExtension')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      amount: t.exposeInt('amount'),
      unit: t.exposeString('unit', { description: 'MONTHS for GDPR, DAYS for CCPA.' }),
      reason: t.exposeString('reason'),
      at: t.field({ type: 'DateTime', resolve: (extension) => extension.at }),
    }),
  });

const HoldRef = builder.objectRef<{ reason: 'IDENTITY_PROOF' | 'OTHER'; since: Date }>('DeletionRequestHold').implement({
  authScopes: { public: true },
  fields: (t) => ({
    reason: t.field({ type: HoldReasonEnum, resolve: (hold) => hold.reason }),
    since: t.field({ type: 'DateTime', resolve: (hold) => hold.since }),
  }),
});

const CompletionRef = builder.objectRef<Completion>('DeletionRequestCompletion').implement({
  authScopes: { public: true },
  fields: (t) => ({ summary: t.exposeString('summary'), systems: t.exposeStringList('systems') }),
});

const AssigneeRef = builder.objectRef<{ id: string; name: string }>('DeletionRequestAssignee').implement({
  authScopes: { public: true },
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const DuplicateRef = builder.objectRef<{ id: string; reference: string }>('DeletionRequestReference').implement({
  authScopes: { public: true },
  fields: (t) => ({ id: t.exposeID('id'), reference: t.exposeString('reference') }),
});

const EventExtensionRef = builder.objectRef<{ amount: number; unit: string }>('DeletionRequestEventExtension').implement({
  authScopes: { public: true },
  fields: (t) => ({
    amount: t.exposeInt('amount'),
    unit: t.exposeString('unit', { description: "'months' for GDPR, 'days' for CCPA." }),
  }),
});

const TimelineEventRef = builder.objectRef<TimelineEntry>('DeletionRequestEvent').implement({
  description: 'One step in the life of a request.',
  // Reached only through a DeletionRequest, which carries the organization's check.
  authScopes: { public: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => event.occurredAt }),
    kind: t.exposeString('kind'),
    actor: t.exposeString('actor', { description: "'requester', 'system', or the staff member's name." }),
    fromStatus: t.field({ type: DeletionRequestStatusEnum, nullable: true, resolve: (event) => event.fromStatus }),
    toStatus: t.field({ type: DeletionRequestStatusEnum, nullable: true, resolve: (event) => event.toStatus }),
    public: t.exposeBoolean('public', { description: "Shown on the requester's status page." }),
    note: t.string({ nullable: true, resolve: (event) => event.note }),
    reason: t.string({ nullable: true, resolve: (event) => event.reason ?? event.message }),
    holdReason: t.field({
      type: HoldReasonEnum,
      nullable: true,
      description: 'HELD: what kind of wait.',
      resolve: (event) => (event.kind === 'HELD' && (event.reason === 'IDENTITY_PROOF' || event.reason === 'OTHER') ? event.reason : null),
    }),
    message: t.string({ nullable: true, description: 'HELD: what the request waits for.', resolve: (event) => event.message }),
    extension: t.field({
      type: EventExtensionRef,
      nullable: true,
      description: 'EXTENDED: by how much the deadline moved.',
      resolve: (event) => event.extension,
    }),
    assigneeName: t.string({
      nullable: true,
      description: 'ASSIGNED: the name of the staff member it was given to; null when it was given to nobody.',
      resolve: (event) => event.assigneeName,
    }),
  }),
});

const live = (request: StaffRequest, context: GraphQLContext) => deadlineOf(request, request.otherDays, context.now);

const RecentRequestsRef = builder.objectRef<RecentRequests>('PrivacyRequestsFromRequester').implement({
  description:
    'How often the same person (the same email address, compared by its salted hash) asked this organization in the twelve months up to and including this request. GDPR Art. 12(5): repetitive requests may be manifestly excessive; the CCPA limits copies to two a year.',
  // Reached only through a request its reader may read (the field's service checks again).
  authScopes: { public: true },
  fields: (t) => ({
    lastTwelveMonths: t.exposeInt('all', {
      description: 'Requests of this person in the twelve months up to this one, this one included.',
    }),
    dataCopiesLastTwelveMonths: t.exposeInt('dataCopies', {
      description: 'Of those, requests for a copy of the data (ACCESS or PORTABILITY), this one included when it asks for one.',
    }),
    dataCopyLimitReached: t.exposeBoolean('dataCopyLimitReached', {
      description:
        'This request asks for a copy and two or more earlier ones in the twelve months did too: the CCPA does not oblige a business to provide a third.',
    }),
  }),
});

export const DeletionRequestRef = builder.objectRef<StaffRequest>('DeletionRequest').implement({
  description: 'A deletion request as privacy staff work it.',
  authScopes: readScope,
  fields: (t) => ({
    id: t.exposeID('id'),
    reference: t.exposeString('reference'),
    organization: t.exposeString('organizationSlug', { description: 'Organization slug.' }),
    status: t.field({ type: DeletionRequestStatusEnum, resolve: (request) => request.status }),
    allowedTransitions: t.field({
      type: [ActionEnum],
      description: 'The lifecycle actions the request can take now; any other is refused.',
      resolve: (request) => staffTransitions(request),
    }),
    extensionAvailable: t.boolean({
      description: 'Whether the deadline can still be extended (once, before the original deadline, GDPR and CCPA only).',
      resolve: (request, _args, context) => extensionAvailable(request, request.otherDays, context.now),
    }),
    version: t.exposeInt('version', { description: 'Send it back with every action: a stale version is refused (VERSION_CONFLICT).' }),
    jurisdiction: t.field({ type: JurisdictionEnum, resolve: (request) => request.jurisdiction }),
    kinds: t.field({
      type: [PrivacyRequestKindEnum],
      description: 'What the request asks for: at least one kind, in a fixed order.',
      resolve: (request) => request.kinds,
    }),
    fromSamePerson: t.field({
      type: RecentRequestsRef,
      description: 'Requests from the same person in the twelve months up to this one; never the address itself.',
      resolve: (request, _args, context) => recentRequestsOf(context.useCases, context.principal, request),
    }),
    receivedAt: t.field({ type: 'DateTime', resolve: (request) => request.receivedAt }),
    verifiedAt: t.field({ type: 'DateTime', nullable: true, resolve: (request) => request.verifiedAt }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (request) => request.closedAt }),
    dueAt: t.field({ type: 'DateTime', description: 'The last instant the answer is on time.', resolve: (r, _a, c) => live(r, c).dueAt }),
    daysLeft: t.int({ description: 'Calendar days to the due date; negative once overdue.', resolve: (r, _a, c) => live(r, c).daysLeft }),
    overdue: t.boolean({ resolve: (r, _a, c) => live(r, c).overdue }),
    completedLate: t.boolean({
      nullable: true,
      description: 'Once completed or rejected: whether after the due date.',
      resolve: (r, _a, c) => live(r, c).completedLate,
    }),
    acknowledgementDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'CCPA: the acknowledgement is due within 10 business days.',
      resolve: (r, _a, c) => live(r, c).acknowledgementDueAt,
    }),
    email: t.exposeString('email', { nullable: true, description: 'Null once personal data was erased.' }),
    name: t.exposeString('name', { nullable: true }),
    accountIdentifier: t.exposeString('accountIdentifier', { nullable: true }),
    details: t.exposeString('details', { nullable: true }),
    personalDataErasedAt: t.field({ type: 'DateTime', nullable: true, resolve: (request) => request.personalDataErasedAt }),
    duplicateOf: t.field({
      type: DuplicateRef,
      nullable: true,
      description: 'An earlier open request of the same email address.',
      resolve: (request) => request.duplicate,
    }),
    assignee: t.field({ type: AssigneeRef, nullable: true, resolve: (request) => request.assignee }),
    extension: t.field({
      type: ExtensionRef,
      nullable: true,
      resolve: (request) =>
        request.extension
          ? {
              amount: request.extension.amount,
              unit: request.jurisdiction === 'GDPR' ? ('MONTHS' as const) : ('DAYS' as const),
              reason: request.extension.reason,
              at: request.extension.at,
            }
          : null,
    }),
    hold: t.field({
      type: HoldRef,
      nullable: true,
      description: 'While on hold: why and since when.',
      resolve: (request) => {
        const hold = request.holds.at(-1);
        return request.status === 'ON_HOLD' && hold ? { reason: hold.reason, since: hold.from } : null;
      },
    }),
    rejectionCategory: t.field({ type: RejectionCategoryEnum, nullable: true, resolve: (request) => request.rejectionCategory }),
    outcomeReason: t.exposeString('outcomeReason', { nullable: true, description: 'Why it was rejected or cancelled.' }),
    completion: t.field({ type: CompletionRef, nullable: true, resolve: (request) => request.completion }),
    receipt: t.string({
      nullable: true,
      description: 'The signed completion receipt (JSON), once completed.',
      resolve: (request) => (request.receipt ? `${JSON.stringify(request.receipt, null, 2)}\n` : null),
    }),
    timeline: t.field({
      type: [TimelineEventRef],
      description: 'Every step, oldest first, notes included.',
      resolve: (request, _args, context) => timelineOf(context.useCases, context.principal, request),
    }),
  }),
});

const DeletionRequestFilterInput = builder.inputType('DeletionRequestFilter', {
  fields: (t) => ({
    status: t.field({ type: [DeletionRequestStatusEnum] }),
    assignee: t.id({ description: 'A staff user id.' }),
    unassigned: t.boolean(),
    dueBefore: t.field({ type: 'DateTime', description: 'Open requests due by then.' }),
    dueWithinDays: t.int({
      description: `Open requests not yet overdue and due within this many days (1–${MAX_DUE_WITHIN_DAYS}), by the server's clock.`,
    }),
    overdue: t.boolean(),
    jurisdiction: t.field({ type: JurisdictionEnum }),
    kind: t.field({ type: PrivacyRequestKindEnum, description: 'Requests asking for this kind, alone or among others.' }),
    q: t.string({ description: 'A reference (or its beginning) or an email address.' }),
  }),
});

const StatusCountRef = builder.objectRef<{ status: Status; count: number }>('DeletionRequestStatusCount').implement({
  authScopes: { public: true },
  fields: (t) => ({
    status: t.field({ type: DeletionRequestStatusEnum, resolve: (row) => row.status }),
    count: t.exposeInt('count'),
  }),
});

const organizationScope = permissionInOrganization('deletion-requests:read');

type FilterArgument = {
  status?: Status[] | null;
  assignee?: string | number | null;
  unassigned?: boolean | null;
  dueBefore?: Date | null;
  dueWithinDays?: number | null;
  overdue?: boolean | null;
  jurisdiction?: QueueQuery['jurisdiction'];
  kind?: QueueQuery['kind'];
  q?: string | null;
};

/** The GraphQL filter as the service takes it. */
const queueQueryOf = (filter: FilterArgument | null | undefined): QueueQuery => ({
  statuses: filter?.status,
  assigneeId: filter?.assignee ? String(filter.assignee) : null,
  unassigned: filter?.unassigned,
  dueBefore: filter?.dueBefore,
  dueWithinDays: filter?.dueWithinDays,
  overdue: filter?.overdue,
  jurisdiction: filter?.jurisdiction,
  kind: filter?.kind,
  q: filter?.q,
});

builder.queryFields((t) => ({
  deletionRequests: t.connection({
    type: DeletionRequestRef,
    description: `An organization's deletion requests, soonest due first (needs deletion-requests:read). Pages of up to ${MAX_QUEUE_PAGE}.`,
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      filter: t.arg({ type: DeletionRequestFilterInput }),
    },
    authScopes: organizationScope,
    resolve: async (_root, args, context) => {
      refuseBackwardPaging(args, 'The queue');
      const page = await queuePage(
        context.useCases,
        context.principal,
        await organizationIdOf(context, args.organization),
        queueQueryOf(args.filter),
        { first: args.first, after: args.after },
      );
      return forwardConnection(page.requests, encodeQueueCursor, page.hasNextPage);
    },
  }),
  deletionRequestCounts: t.field({
    type: [StatusCountRef],
    description:
      "How many of the organization's requests are in each status; with a filter, of the requests `deletionRequests` lists with it.",
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      filter: t.arg({ type: DeletionRequestFilterInput, description: 'Counts only the requests the queue shows with this filter.' }),
    },
    authScopes: organizationScope,
    resolve: async (_root, args, context) =>
      statusCounts(context.useCases, context.principal, await organizationIdOf(context, args.organization), queueQueryOf(args.filter)),
  }),
  deletionRequest: t.field({
    type: DeletionRequestRef,
    nullable: true,
    description: 'One request with its timeline; null when there is none you may read.',
    args: { id: t.arg.id({ required: true }) },
    // The request's own type checks its organization.
    authScopes: { public: true },
    resolve: (_root, args, context) => requestForStaff(context.useCases, context.principal, String(args.id)),
  }),
}));

const writeScope = async (_root: unknown, args: { id: string | number }, context: GraphQLContext) => ({
  permission: {
    organizationId: await organizationIdOfRequest(context.useCases, String(args.id)),
    permission: 'deletion-requests:write' as const,
  },
});

/** Runs the action, then answers with the request as staff see it. */
async function act(context: GraphQLContext, id: string | number, version: number, command: StaffCommand) {
  const actor = { principal: context.principal, request: context.request };
  await applyStaffAction(context.useCases, actor, String(id), version, command);
  return reload(context, String(id));
}

async function reload(context: GraphQLContext, id: string): Promise<StaffRequest> {
  const request = await requestForStaff(context.useCases, context.principal, id);
  if (!request) throw new Error('a request changed a moment ago cannot be read back');
  return request;
}

builder.mutationFields((t) => {
  const action = <Args extends Record<string, unknown>>(
    description: string,
    args: Args,
    command: (args: Record<string, unknown>) => StaffCommand,
  ) =>
    t.field({
      type: DeletionRequestRef,
      description,
      errors: { types: [DomainError] },
      args: {
        id: t.arg.id({ required: true }),
        version: t.arg.int({ required: true, description: 'The version you last read.' }),
        ...(args as Record<string, never>),
      },
      authScopes: writeScope,
      resolve: (_root, allArgs, context) =>
        act(context, allArgs.id as string, allArgs.version as number, command(allArgs as Record<string, unknown>)),
    });
  return {
    verifyDeletionRequestManually: action(
      'Verifies the requester by other means than the email link (with the reason); the requester is then told the request is being processed.',
      { reason: t.arg.string({ required: true }) },
      (args) => ({ action: 'VERIFY', reason: args.reason as string }),
    ),
    assignDeletionRequest: action(
      'Gives the request to a staff member of the organization (null: nobody).',
      { assignee: t.arg.id() },
      (args) => ({ action: 'ASSIGN', assigneeId: args.assignee ? String(args.assignee) : null }),
    ),
    startDeletionRequest: action('Starts work on a verified request.', {}, () => ({ action: 'START' })),
    holdDeletionRequest: action(
      'Puts the request on hold while waiting for the requester.',
      { reason: t.arg({ type: HoldReasonEnum, required: true }), message: t.arg.string({ required: true }) },
      (args) => ({ action: 'HOLD', reason: args.reason as 'IDENTITY_PROOF' | 'OTHER', message: args.message as string }),
    ),
    resumeDeletionRequest: action('Ends the hold: back to where the request was.', {}, () => ({ action: 'RESUME' })),
    extendDeletionRequest: action(
      'Extends the deadline once (GDPR: 1–2 months; CCPA: 1–45 days), before the original deadline; the requester is told the reason.',
      { amount: t.arg.int({ required: true }), reason: t.arg.string({ required: true }) },
      (args) => ({ action: 'EXTEND', amount: args.amount as number, reason: args.reason as string }),
    ),
    completeDeletionRequest: action(
      'Completes the request: what was deleted and from which systems, and what was kept and why. Issues the signed receipt and mails it. Refused (CORRECTION_UNDECIDED) while a correction item has no decision, and (PACKAGE_NOT_SEALED) while a request for a copy (ACCESS, PORTABILITY) has no sealed package.',
      {
        summary: t.arg.string({ required: true }),
        systems: t.arg.stringList({ required: true }),
        retained: t.arg({ type: [RetainedItemInputRef], description: 'What the erasure kept, item by item; none when left out.' }),
      },
      (args) => ({
        action: 'COMPLETE',
        summary: args.summary as string,
        systems: args.systems as string[],
        retained: (args.retained as RetainedItemInput[] | null | undefined) ?? [],
      }),
    ),
    rejectDeletionRequest: action(
      'Rejects the request with a category and the reason the requester is told.',
      { category: t.arg({ type: RejectionCategoryEnum, required: true }), reason: t.arg.string({ required: true }) },
      (args) => ({ action: 'REJECT', category: args.category as RejectionCategory, reason: args.reason as string }),
    ),
    cancelDeletionRequest: action(
      'Cancels the request (withdrawn by the requester, or made in error).',
      { reason: t.arg.string({ required: true }) },
      (args) => ({ action: 'CANCEL', reason: args.reason as string }),
    ),
    addDeletionRequestNote: t.field({
      type: DeletionRequestRef,
      description: 'Adds an internal note to the timeline (not shown to the requester).',
      errors: { types: [DomainError] },
      args: { id: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
      authScopes: writeScope,
      resolve: async (_root, args, context) => {
        await addNote(context.useCases, { principal: context.principal, request: context.request }, String(args.id), args.text);
        return reload(context, String(args.id));
      },
    }),
  };
});
