// Reading deletion requests: the staff queue and screen, the requester's
// status page and the public transparency figures. Writing lives in
// intake.service.ts, verification.service.ts and staff-actions.service.ts.
import type { Db } from '@governance/db';
import { DATA_COPY_KINDS } from '@governance/policies/vocabulary/privacy-request-kinds';
import { can, type Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { secretHash } from '../auth/secrets.ts';
import { organizationBySlug, organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { RequestUseCaseContext, UseCaseContext } from '../use-case-context.ts';
import { STATUS_TOKEN_PREFIX } from './acknowledgement.ts';
import { acknowledgementDueAt, completedLate, daysLeft, dueAt, isOverdue } from './deadline.ts';
import * as repository from './deletion-requests.repository.ts';
import { emailHash } from './intake.service.ts';
import { allowedActions, isClosed } from './lifecycle.ts';
import { withOrganization } from './mappers.ts';
import { yearFigures } from './metrics.repository.ts';
import type { DeletionRequest, NewTimelineEntry, StaffRequest, TimelineEntry, YearFigures } from './models.ts';
import type { QueueCursor, QueueFilter } from './queue.repository.ts';
import * as queue from './queue.repository.ts';
import { type RecentRequestCounts, recentRequestCounts } from './recent-requests.repository.ts';
import { deadlineFactsOf } from './request-deadline.ts';

export const MAX_QUEUE_PAGE = 100;
export const DEFAULT_QUEUE_PAGE = 25;

export interface QueueQuery {
  statuses?: QueueFilter['statuses'];
  assigneeId?: string | null;
  unassigned?: boolean | null;
  dueBefore?: Date | null;
  /** Open requests not yet overdue and due within this many days of now. */
  dueWithinDays?: number | null;
  overdue?: boolean | null;
  jurisdiction?: QueueFilter['jurisdiction'];
  kind?: QueueFilter['kind'];
  /** A reference or an email address. */
  q?: string | null;
}

export const MAX_DUE_WITHIN_DAYS = 366;
/** Longer than any reference or email address (RFC 5321 allows 254 characters). */
export const MAX_QUEUE_SEARCH = 320;

export function encodeQueueCursor(request: Pick<DeletionRequest, 'dueAt' | 'id'>): string {
  return Buffer.from(`${request.dueAt.toISOString()}|${request.id}`).toString('base64url');
}

function decodeQueueCursor(cursor: string): QueueCursor {
  const [dueAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(dueAt ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) {
    throw new DomainError('BAD_USER_INPUT', 'This cursor is not one this query returned; pass an endCursor unchanged.', { field: 'after' });
  }
  return { dueAt: date, id };
}

/** A query word is a reference when it looks like one, otherwise an email address. */
function searchFilter(q: string, salt: string): Pick<QueueFilter, 'referencePrefix' | 'emailHash'> {
  const word = q.trim();
  if (word === '') return {};
  if (/^dr-/i.test(word)) return { referencePrefix: word.toUpperCase() };
  if (word.includes('@')) return { emailHash: emailHash(salt, word) };
  throw new DomainError('BAD_USER_INPUT', 'Search by reference (DR-…) or by email address.', { field: 'q' });
}

/**
 * The filter a staff view asked for, checked: the queue and its counts read
 * through this one function, so a count always matches the list it opens.
 * Bad input is refused naming the field, before it reaches SQL.
 */
function checkedFilter(query: QueueQuery, salt: string, now: Date): QueueFilter {
  const { q, dueWithinDays, ...rest } = query;
  // Ids and NUL characters were checked at the API's edge (graphql/argument-checks.ts); lengths are the domain's.
  if (q && q.length > MAX_QUEUE_SEARCH) {
    throw new DomainError('BAD_USER_INPUT', `Search by reference (DR-…) or by email address, at most ${MAX_QUEUE_SEARCH} characters.`, {
      field: 'filter.q',
    });
  }
  const filter: QueueFilter = { ...rest, ...(q ? searchFilter(q, salt) : {}) };
  if (dueWithinDays !== null && dueWithinDays !== undefined) {
    if (!Number.isInteger(dueWithinDays) || dueWithinDays < 1 || dueWithinDays > MAX_DUE_WITHIN_DAYS) {
      throw new DomainError('BAD_USER_INPUT', `dueWithinDays must be 1 to ${MAX_DUE_WITHIN_DAYS}.`, { field: 'filter.dueWithinDays' });
    }
    filter.dueWithin = { from: now, to: new Date(now.getTime() + dueWithinDays * DAY_MS) };
  }
  return filter;
}

const DAY_MS = 86_400_000;

export async function queuePage(
  { db, now }: Pick<RequestUseCaseContext, 'db' | 'now'>,
  principal: Principal,
  organizationId: string,
  query: QueueQuery,
  page: { first?: number | null; after?: string | null },
) {
  requirePermission(principal, organizationId, 'deletion-requests:read');
  const first = page.first ?? DEFAULT_QUEUE_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_QUEUE_PAGE) {
    throw new DomainError('BAD_USER_INPUT', `first must be 1 to ${MAX_QUEUE_PAGE}.`, { field: 'first' });
  }
  const organization = await organizationWithId({ db }, organizationId);
  const filter = checkedFilter(query, organization.emailHashSalt, now);
  const found = await queue.findQueuePage(
    db,
    organizationId,
    filter,
    { first, after: page.after ? decodeQueueCursor(page.after) : null },
    now,
  );
  return { ...found, requests: found.requests.map((request) => withOrganization(request, organization)) };
}

/** How many requests are in each status, of those the filter selects (all of them without one). */
export async function statusCounts(
  { db, now }: Pick<RequestUseCaseContext, 'db' | 'now'>,
  principal: Principal,
  organizationId: string,
  query: QueueQuery = {},
) {
  requirePermission(principal, organizationId, 'deletion-requests:read');
  const organization = await organizationWithId({ db }, organizationId);
  return queue.countByStatus(db, organizationId, checkedFilter(query, organization.emailHashSalt, now), now);
}

/** null when the request does not exist or the principal may not read it: the two look alike. */
export async function requestForStaff({ db }: Pick<UseCaseContext, 'db'>, principal: Principal, id: string): Promise<StaffRequest | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const request = await queue.findStaffRequest(db, id);
  if (!request || !can(principal, request.organizationId, 'deletion-requests:read')) return null;
  return withOrganization(request, await organizationWithId({ db }, request.organizationId));
}

export async function organizationIdOfRequest({ db }: Pick<UseCaseContext, 'db'>, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return repository.findOrganizationIdOfRequest(db, id);
}

/** Every event of the request, notes included: staff only. */
export async function timelineOf(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  request: { id: string; organizationId: string },
): Promise<TimelineEntry[]> {
  requirePermission(principal, request.organizationId, 'deletion-requests:read');
  return repository.findEvents(db, request.id, { publicOnly: false });
}

/** How often this person asked in the twelve months up to this request, and whether the CCPA's twice-a-year limit on copies applies. */
export interface RecentRequests extends RecentRequestCounts {
  /**
   * This request asks for a copy and the person had two or more such
   * requests answered or pending before it in those twelve months: under the
   * CCPA the business need not provide a third (§1798.100(d), §1798.130(b)).
   */
  dataCopyLimitReached: boolean;
}

export async function recentRequestsOf(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  request: Pick<DeletionRequest, 'id' | 'organizationId' | 'kinds'>,
): Promise<RecentRequests> {
  requirePermission(principal, request.organizationId, 'deletion-requests:read');
  const counts = await recentRequestCounts(db, request.id);
  const asksForCopy = request.kinds.some((kind) => DATA_COPY_KINDS.includes(kind));
  const earlierCopies = counts.dataCopies - (asksForCopy ? 1 : 0);
  return { ...counts, dataCopyLimitReached: asksForCopy && earlierCopies >= 2 };
}

export interface DeadlineView {
  dueAt: Date;
  daysLeft: number;
  overdue: boolean;
  completedLate: boolean | null;
  acknowledgementDueAt: Date | null;
}

/** The live deadline: an identity hold still open keeps moving the GDPR due date. */
export function deadlineOf(request: DeletionRequest, otherDays: number, now: Date): DeadlineView {
  const facts = deadlineFactsOf(request, otherDays);
  const at = request.closedAt ?? now;
  const due = dueAt(facts, at);
  const waitingForIdentity =
    request.status === 'ON_HOLD' && request.holds.at(-1)?.reason === 'IDENTITY_PROOF' && facts.jurisdiction === 'GDPR';
  return {
    dueAt: due,
    daysLeft: daysLeft(due, at),
    overdue: !isClosed(request.status) && !waitingForIdentity && isOverdue(due, now),
    completedLate:
      request.closedAt && (request.status === 'COMPLETED' || request.status === 'REJECTED') ? completedLate(due, request.closedAt) : null,
    acknowledgementDueAt: acknowledgementDueAt(facts),
  };
}

/** What staff may do next; EXPIRE is the system's alone. */
export function staffTransitions(request: DeletionRequest) {
  return allowedActions({ status: request.status, statusBeforeHold: request.statusBeforeHold }).filter((action) => action !== 'EXPIRE');
}

export function extensionAvailable(request: DeletionRequest, otherDays: number, now: Date): boolean {
  if (isClosed(request.status) || request.status === 'UNVERIFIED' || request.extension || request.jurisdiction === 'OTHER') return false;
  return !isOverdue(dueAt({ ...deadlineFactsOf(request, otherDays), extension: null }, now), now);
}

export interface RequesterView {
  request: DeletionRequest;
  organization: { slug: string; name: string; otherDays: number };
  history: TimelineEntry[];
}

/**
 * The requester's view through the status link. Unknown, malformed and
 * lapsed links (the request's personal data was erased) all answer null.
 */
export async function requesterView({ db }: Pick<UseCaseContext, 'db'>, token: string): Promise<RequesterView | null> {
  if (!token.startsWith(STATUS_TOKEN_PREFIX) || token.length > 200) return null;
  const hash = secretHash(token);
  // The mailed link's token, or one a device got for the status code.
  const request = (await repository.findByStatusTokenHash(db, hash)) ?? (await repository.findByStatusHandleHash(db, hash));
  if (!request || request.personalDataErasedAt) return null;
  const organization = await organizationWithId({ db }, request.organizationId);
  return {
    request,
    organization: { slug: organization.slug, name: organization.name, otherDays: organization.deletionRequestDays },
    history: await repository.findEvents(db, request.id, { publicOnly: true }),
  };
}

export const METRICS_FIRST_YEAR = 2000;

export async function metricsOf(
  { db, now }: Pick<RequestUseCaseContext, 'db' | 'now'>,
  organizationSlug: string,
  year: number,
): Promise<(YearFigures & { organization: string; year: number }) | null> {
  if (!Number.isInteger(year) || year < METRICS_FIRST_YEAR || year > now.getUTCFullYear()) {
    throw new DomainError('BAD_USER_INPUT', `year must be ${METRICS_FIRST_YEAR} to ${now.getUTCFullYear()}.`, { field: 'year' });
  }
  const organization = await organizationBySlug({ db }, organizationSlug);
  if (!organization) return null;
  return { organization: organization.slug, year, ...(await yearFigures(db, organization.id, year)) };
}

/** The references of requests, for readers of the organization's audit trail (a reference holds no personal data). */
export async function referencesForAuditTrail(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  requirePermission(principal, organizationId, 'audit:read');
  return repository.referencesByIds(db, organizationId, ids);
}

/** Records a step of a request's timeline in the caller's transaction: other domains' steps (a package released, downloaded) belong to it too. */
export function recordRequestStep(db: Db, entry: NewTimelineEntry): Promise<void> {
  return repository.insertEvent(db, entry);
}
