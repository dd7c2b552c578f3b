// Recording and reading the audit trail. `recordAuditEvent` is the one way
// anything is recorded: callers pass their transaction, so the event commits
// (or rolls back) with the change it records; the sealer chains it
// afterwards. Reads always name the organization, and every query is
// confined to that organization's chain.
import type { Database } from '@governance/db';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { DomainError } from '../shared/domain-error.ts';
import { requireStorableText } from '../shared/input-checks.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as repository from './audit.repository.ts';
import { SITE_CHAIN } from './chain.ts';
import type { AuditEvent, AuditEventFilter, AuditEventInput } from './models.ts';
import { formatAuditTimestamp } from './timestamp.ts';

const ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

export async function recordAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<void> {
  if (!ACTION.test(event.action)) throw new Error(`audit action "${event.action}" is not dotted lower case`);
  await repository.insertPendingEvent(db, {
    organization_id: event.organizationId,
    occurred_at: formatAuditTimestamp(event.occurredAt),
    actor_type: event.actor.type,
    actor_id: wellFormed(event.actor.id),
    actor_label: wellFormed(cut(event.actor.label, MAX_LABEL_LENGTH)),
    action: event.action,
    target_type: wellFormed(event.target?.type ?? null),
    target_id: wellFormed(event.target?.id ?? null),
    request_id: wellFormed(event.request?.requestId ?? null),
    ip: wellFormed(event.request?.ip ?? null),
    user_agent: wellFormed(cut(event.request?.userAgent ?? null, MAX_USER_AGENT_LENGTH)),
    metadata: canonicalize(wellFormedJson(event.metadata ?? {})) ?? '{}',
  });
}

/**
 * The trail is append-only: whatever it is given, it keeps forever. Labels
 * (an email is at most 254 characters, a token name 100) and user agents are
 * cut here, once for every caller, so no request can grow it at will.
 */
export const MAX_LABEL_LENGTH = 254;
export const MAX_USER_AGENT_LENGTH = 512;

function cut(text: string | null, maxLength: number): string | null {
  if (text === null || text.length <= maxLength) return text;
  const head = text.slice(0, maxLength);
  // Do not keep half of a surrogate pair.
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * RFC 8785 has no form for a lone UTF-16 surrogate (which a GraphQL string
 * can carry), and an event that cannot be hashed would stall its chain: such
 * characters become U+FFFD before anything is stored.
 */
function wellFormed(text: string | null): string | null {
  return text === null ? null : text.toWellFormed();
}

function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormedJson);
  if (value !== null && typeof value === 'object') {
    // toJSON first (dates and the like), as JSON.stringify would.
    const plain = 'toJSON' in value && typeof value.toJSON === 'function' ? value.toJSON() : value;
    if (plain !== value) return wellFormedJson(plain);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.toWellFormed(), wellFormedJson(item)]));
  }
  return value;
}

/** Reading a chain needs audit:read in its organization; the site's chain (events of no organization), a site administrator. */
export function requireChainReader(principal: Principal, chain: string): void {
  requirePermission(principal, chain === SITE_CHAIN ? null : chain, 'audit:read');
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

export interface AuditEventPage {
  events: AuditEvent[];
  hasNextPage: boolean;
}

/** A page of the organization's sealed events, newest first; `after` is the seq of the last event of the previous page. */
export async function auditEventsPage(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  /** An organization's id, or SITE_CHAIN. */
  chain: string,
  filter: AuditEventFilter,
  page: { first?: number | null; after?: string | null },
): Promise<AuditEventPage> {
  requireChainReader(principal, chain);
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new DomainError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  const beforeSeq = page.after == null ? null : parseSeqCursor(page.after, 'after');
  validateAuditEventFilter(filter);
  const rows = await repository.eventsPage(db, chain, filter, { order: 'desc', beforeSeq }, first + 1);
  return { events: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Every matching event of the organization, oldest first, a keyset batch at a time (an export). */
export async function* auditEventBatches(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
  filter: AuditEventFilter,
  batchSize = 1000,
): AsyncGenerator<AuditEvent[]> {
  requireChainReader(principal, organizationId);
  validateAuditEventFilter(filter);
  let afterSeq = 0;
  for (;;) {
    const batch = await repository.eventsPage(db, organizationId, filter, { order: 'asc', afterSeq }, batchSize);
    if (batch.length > 0) yield batch;
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return;
    afterSeq = last.seq;
  }
}

export function seqCursor(event: AuditEvent): string {
  return String(event.seq);
}

function parseSeqCursor(cursor: string, field: string): number {
  if (!/^[1-9]\d{0,15}$/.test(cursor)) throw new DomainError('BAD_USER_INPUT', `${field} is not a cursor of this list.`, { field });
  return Number(cursor);
}

/** Longest actor id, target type or target id a filter may name: every one recorded is far shorter (a UUID, "site"). */
const MAX_FILTER_TEXT = 200;

/**
 * Refuses a filter the trail could never match or PostgreSQL could not take,
 * naming the field as the caller knows it: `filter.actorId` in GraphQL
 * (`prefix` "filter."), `actorId` in the export's query string.
 */
export function validateAuditEventFilter(filter: AuditEventFilter, prefix = 'filter.'): void {
  if (filter.action != null && !/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/.test(filter.action)) {
    throw new DomainError('BAD_USER_INPUT', `${prefix}action must be a dotted lower-case action or a prefix of one (e.g. "policy").`, {
      field: `${prefix}action`,
    });
  }
  // Text columns, so any id can be compared; only what PostgreSQL cannot take, or no event could hold, is refused.
  for (const key of ['actorId', 'targetType', 'targetId'] as const) {
    const value = filter[key];
    if (value == null) continue;
    requireStorableText(value, `${prefix}${key}`);
    if (value.length > MAX_FILTER_TEXT) {
      throw new DomainError('BAD_USER_INPUT', `${prefix}${key} must be at most ${MAX_FILTER_TEXT} characters.`, {
        field: `${prefix}${key}`,
      });
    }
  }
  for (const key of ['from', 'to'] as const) {
    const value = filter[key];
    if (value != null && Number.isNaN(value.getTime())) {
      throw new DomainError('BAD_USER_INPUT', `${prefix}${key} is not a valid date-time.`, { field: `${prefix}${key}` });
    }
  }
}
