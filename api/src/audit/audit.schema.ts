// The audit trail for auditors: its events, newest first, and the check that
// the chain is intact. Both need `audit:read` in the organization named; an
// unknown organization is refused exactly like a forbidden one, and the
// service confines every query to that organization's chain as well. A
// verification runs on a worker thread, one per caller at a time (see
// audit-verifier.ts), and an operation may ask for only one (see
// graphql/expensive-fields.ts).
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { forwardConnection, refuseBackwardPaging } from '../graphql/forward-connection.ts';
import { organizationIdOf, permissionInOrganization } from '../graphql/organization-argument.ts';
import { DomainError } from '../shared/domain-error.ts';
import { auditEventsPage, MAX_PAGE_SIZE, seqCursor } from './audit.service.ts';
import { sealedThrough } from './audit-sealer.service.ts';
import { SITE_CHAIN } from './chain.ts';
import type { AuditEvent, AuditEventFilter as AuditEventFilterShape, ChainVerification } from './models.ts';

const auditRead = permissionInOrganization('audit:read');

const AuditActorTypeEnum = builder.enumType('AuditActorType', { values: ['USER', 'API_TOKEN', 'SYSTEM', 'ANONYMOUS'] as const });

const AuditActorRef = builder.objectRef<AuditEvent['actor']>('AuditActor').implement({
  description: 'Who did it: a staff user, an API token, the system itself, or someone unknown.',
  // Reached only through an AuditEvent, which carries the organization's check.
  authScopes: { public: true },
  fields: (t) => ({
    type: t.field({ type: AuditActorTypeEnum, resolve: (actor) => actor.type }),
    id: t.exposeString('id', { nullable: true }),
    label: t.exposeString('label', { nullable: true, description: 'What a reader recognises: an email, a token name.' }),
  }),
});

const AuditTargetRef = builder.objectRef<{ type: string; id: string }>('AuditTarget').implement({
  authScopes: { public: true },
  fields: (t) => ({
    type: t.exposeString('type'),
    id: t.exposeString('id'),
  }),
});

export const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'One sealed event of an organization’s audit trail. Every text is exactly as hashed.',
  // Events of no organization (sign-ins) are the site's, for site administrators.
  authScopes: (event) =>
    event.organizationId === null
      ? { siteAdmin: true }
      : { permission: { organizationId: event.organizationId, permission: 'audit:read' } },
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the organization’s chain: 1, 2, 3… without gaps.' }),
    occurredAt: t.exposeString('occurredAt', { description: 'UTC with microseconds, e.g. 2026-11-22T03:00:00.123000Z.' }),
    actor: t.field({ type: AuditActorRef, resolve: (event) => event.actor }),
    action: t.exposeString('action', {
      description:
        'As recorded and hashed, e.g. policy.version_published; an event recorded before its action was renamed keeps the former name (README: "Audit actions").',
    }),
    target: t.field({
      type: AuditTargetRef,
      nullable: true,
      resolve: ({ target }) => (target.type !== null && target.id !== null ? { type: target.type, id: target.id } : null),
    }),
    requestId: t.exposeString('requestId', { nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    metadata: t.exposeString('metadata', { description: 'JSON in its RFC 8785 canonical form.' }),
    prevHash: t.exposeString('prevHash', { description: 'The hash of the event before (64 zeros for the first).' }),
    hash: t.exposeString('hash', {
      description: 'SHA-256 (hex) of the RFC 8785 JSON of the event with its chain, seq and prevHash.',
    }),
  }),
});

const AuditEventFilterInput = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    action: t.string({
      description:
        'An action or a prefix of one: "policy" matches policy.created and policy.version_published. A renamed action is found under its current and its former names.',
    }),
    actorId: t.string(),
    targetType: t.string(),
    targetId: t.string(),
    from: t.field({ type: 'DateTime', description: 'Events that occurred at or after this instant.' }),
    to: t.field({ type: 'DateTime', description: 'Events that occurred before this instant.' }),
  }),
});

const AuditChainVerificationRef = builder.objectRef<ChainVerification & { sealedThrough: number }>('AuditChainVerification').implement({
  description: 'The result of recomputing every hash of a run of the chain and checking its links.',
  authScopes: { public: true },
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    eventsChecked: t.exposeInt('eventsChecked'),
    firstBadSeq: t.exposeInt('firstBadSeq', { nullable: true, description: 'The first seq that is not what was sealed; null when ok.' }),
    reason: t.exposeString('reason', { nullable: true }),
    sealedThrough: t.exposeInt('sealedThrough', { description: 'The last sealed seq; newer events wait (briefly) for the sealer.' }),
  }),
});

interface EventsPageArgs {
  filter?: AuditEventFilterShape | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One page of a chain's events as a Relay connection (forwards only, no totals). */
async function eventsConnection(context: GraphQLContext, chain: string, args: EventsPageArgs) {
  refuseBackwardPaging(args, 'Audit events');
  const page = await auditEventsPage(context.useCases, context.principal, chain, args.filter ?? {}, {
    first: args.first ?? null,
    after: args.after ?? null,
  });
  return forwardConnection(page.events, seqCursor, page.hasNextPage);
}

async function chainVerification(context: GraphQLContext, chain: string, args: { from?: number | null; to?: number | null }) {
  for (const field of ['from', 'to'] as const) {
    const value = args[field];
    if (value != null && value < 1) throw new DomainError('BAD_USER_INPUT', `${field} must be a seq (1 or more).`, { field });
  }
  const result = await context.useCases.auditVerifier.verify(context.principal, chain, { from: args.from ?? null, to: args.to ?? null });
  // Read after the walk, so it is never behind what was checked.
  return { ...result, sealedThrough: (await sealedThrough(context.useCases.db, chain)).seq };
}

builder.queryFields((t) => ({
  auditEvents: t.connection({
    type: AuditEventRef,
    description: `An organization’s audit events, newest first (needs audit:read). Pages of up to ${MAX_PAGE_SIZE}; \`after\` takes an endCursor; no totals.`,
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      filter: t.arg({ type: AuditEventFilterInput }),
    },
    authScopes: auditRead,
    resolve: async (_root, args, context) => eventsConnection(context, await organizationIdOf(context, args.organization), args),
  }),
  siteAuditEvents: t.connection({
    type: AuditEventRef,
    description: 'Events of no organization, such as sign-ins, newest first (site administrators only).',
    args: { filter: t.arg({ type: AuditEventFilterInput }) },
    authScopes: { siteAdmin: true },
    resolve: (_root, args, context) => eventsConnection(context, SITE_CHAIN, args),
  }),
  verifyAuditChain: t.field({
    type: AuditChainVerificationRef,
    description: 'Recomputes the hashes of the organization’s chain (or seqs from..to) and checks every link (needs audit:read).',
    args: {
      organization: t.arg.string({ required: true, description: 'The organization slug.' }),
      from: t.arg.int({ description: 'First seq to check (default 1).' }),
      to: t.arg.int({ description: 'Last seq to check (default: the last sealed).' }),
    },
    authScopes: auditRead,
    resolve: async (_root, args, context) => chainVerification(context, await organizationIdOf(context, args.organization), args),
  }),
  verifySiteAuditChain: t.field({
    type: AuditChainVerificationRef,
    description: 'Checks the site’s chain, the events of no organization (site administrators only).',
    args: {
      from: t.arg.int({ description: 'First seq to check (default 1).' }),
      to: t.arg.int({ description: 'Last seq to check (default: the last sealed).' }),
    },
    authScopes: { siteAdmin: true },
    resolve: (_root, args, context) => chainVerification(context, SITE_CHAIN, args),
  }),
}));
