// The legal deadline of a privacy request: one clock per regime and kind
// (KIND_CLOCKS), pure functions of the request's history and `now`.
// Deadlines are calendar dates in UTC; a request is on time until the last
// millisecond of its due date.

import type { Jurisdiction } from '@governance/policies/vocabulary/intake-messages';
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { DomainError } from '../shared/domain-error.ts';

/** EU and UK GDPR share a clock; CCPA is California's; OTHER uses the organization's setting. */

export interface Hold {
  from: Date;
  /** null while the request is still on hold. */
  until: Date | null;
  /** Only a hold waiting for proof of identity stops the GDPR clock. */
  reason: 'IDENTITY_PROOF' | 'OTHER';
}

/** GDPR extends by months, CCPA by days. */
export interface Extension {
  at: Date;
  amount: number;
  reason: string;
}

export interface DeadlineFacts {
  jurisdiction: Jurisdiction;
  receivedAt: Date;
  /** Days the organization gives itself for requests under no named regime (default 30). */
  otherDays: number;
  holds: readonly Hold[];
  extension: Extension | null;
  /** What the request asks for; absent means deletion, the kind every request had before kinds existed. */
  kinds?: readonly PrivacyRequestKind[];
}

const DAY_MS = 86_400_000;
export const GDPR_MAX_EXTENSION_MONTHS = 2;
export const CCPA_DAYS = 45;
export const CCPA_MAX_EXTENSION_DAYS = 45;
export const CCPA_ACKNOWLEDGEMENT_BUSINESS_DAYS = 10;

/** One regime's clock for one kind: due `base` units after receipt, extendable once by up to `maxExtension` units. */
export interface KindClock {
  unit: 'MONTHS' | 'DAYS';
  base: number;
  maxExtension: number;
}

const GDPR_CLOCK: KindClock = { unit: 'MONTHS', base: 1, maxExtension: GDPR_MAX_EXTENSION_MONTHS };
const CCPA_CLOCK: KindClock = { unit: 'DAYS', base: CCPA_DAYS, maxExtension: CCPA_MAX_EXTENSION_DAYS };

/**
 * The one place that says how long each kind of request may take. GDPR Art.
 * 12(3) gives every right of Arts. 15 to 22 one month, extendable by two
 * further months. The CCPA (§1798.130(a)(2), Regulations §7021) gives 45
 * days, extendable once by 45, to requests to know (access, portability),
 * to delete and to correct. They agree today; a kind whose clock differs is
 * changed here and nowhere else.
 */
export const KIND_CLOCKS: Record<'GDPR' | 'CCPA', Record<PrivacyRequestKind, KindClock>> = {
  GDPR: { DELETION: GDPR_CLOCK, ACCESS: GDPR_CLOCK, PORTABILITY: GDPR_CLOCK, CORRECTION: GDPR_CLOCK },
  CCPA: { DELETION: CCPA_CLOCK, ACCESS: CCPA_CLOCK, PORTABILITY: CCPA_CLOCK, CORRECTION: CCPA_CLOCK },
};

/**
 * The clock of a request under a named regime: one answer covers all its
 * kinds, so it runs on the strictest of their clocks (the shortest time and
 * the shortest extension). Null for OTHER, which runs on the organization's days.
 */
export function clockOf(jurisdiction: Jurisdiction, kinds: readonly PrivacyRequestKind[] = ['DELETION']): KindClock | null {
  if (jurisdiction === 'OTHER') return null;
  const clocks = (kinds.length > 0 ? kinds : (['DELETION'] as const)).map((kind) => KIND_CLOCKS[jurisdiction][kind]);
  const first = clocks[0] as KindClock;
  return {
    unit: first.unit,
    base: Math.min(...clocks.map((clock) => clock.base)),
    maxExtension: Math.min(...clocks.map((clock) => clock.maxExtension)),
  };
}

/** 00:00 UTC of the instant's calendar date. */
const startOfUtcDay = (instant: Date) => new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
const endOfUtcDay = (date: Date) => new Date(startOfUtcDay(date).getTime() + DAY_MS - 1);
const addDays = (date: Date, days: number) => new Date(startOfUtcDay(date).getTime() + days * DAY_MS);
const calendarDaysBetween = (from: Date, to: Date) => Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS);

/** The same day `months` later, clamped to that month's end: 31 January + 1 → 28 (or 29) February. */
export function addMonthsClamped(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDayOfTarget)));
}

/** The due date before any extension or hold, as 00:00 UTC of that date. */
function baseDueDate(facts: DeadlineFacts): Date {
  const clock = clockOf(facts.jurisdiction, facts.kinds);
  if (!clock) return addDays(facts.receivedAt, facts.otherDays);
  return clock.unit === 'MONTHS' ? addMonthsClamped(facts.receivedAt, clock.base) : addDays(facts.receivedAt, clock.base);
}

/** Calendar days spent waiting for proof of identity, counted up to `now` for a hold still open. GDPR only. */
function daysStoppedByHolds(facts: DeadlineFacts, now: Date): number {
  if (facts.jurisdiction !== 'GDPR') return 0;
  return facts.holds
    .filter((hold) => hold.reason === 'IDENTITY_PROOF')
    .reduce((days, hold) => days + Math.max(0, calendarDaysBetween(hold.from, hold.until ?? now)), 0);
}

/** The last instant at which the request is on time. */
export function dueAt(facts: DeadlineFacts, now: Date): Date {
  let due = baseDueDate(facts);
  const clock = clockOf(facts.jurisdiction, facts.kinds);
  if (facts.extension && clock) {
    // GDPR: "two further months" counted from receipt, as the first month is, so month ends clamp alike.
    due =
      clock.unit === 'MONTHS'
        ? addMonthsClamped(facts.receivedAt, clock.base + facts.extension.amount)
        : addDays(due, facts.extension.amount);
  }
  return endOfUtcDay(addDays(due, daysStoppedByHolds(facts, now)));
}

/** Whole calendar days from today to the due date: 0 on the day itself, negative once overdue. */
export function daysLeft(due: Date, now: Date): number {
  return calendarDaysBetween(now, due);
}

export function isOverdue(due: Date, now: Date): boolean {
  return now.getTime() > due.getTime();
}

export function completedLate(due: Date, closedAt: Date): boolean {
  return closedAt.getTime() > due.getTime();
}

/**
 * CCPA: the request must be acknowledged within 10 business days (Monday to
 * Friday; public holidays are not taken into account). Other regimes: none.
 */
export function acknowledgementDueAt(facts: DeadlineFacts): Date | null {
  if (facts.jurisdiction !== 'CCPA') return null;
  let date = startOfUtcDay(facts.receivedAt);
  for (let businessDays = 0; businessDays < CCPA_ACKNOWLEDGEMENT_BUSINESS_DAYS; ) {
    date = addDays(date, 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) businessDays++;
  }
  return endOfUtcDay(date);
}

/** Refuses an extension the law does not allow; says why, naming the field. */
export function checkExtension(facts: DeadlineFacts, request: Extension): void {
  if (facts.jurisdiction === 'OTHER') {
    throw new DomainError('EXTENSION_NOT_AVAILABLE', 'Only GDPR and CCPA requests can be extended.');
  }
  if (facts.extension) throw new DomainError('EXTENSION_ALREADY_USED', 'This request was extended already; it can be extended once.');
  if (request.reason.trim() === '') {
    throw new DomainError('BAD_USER_INPUT', 'Give the reason for the extension; the requester is told it.', { field: 'reason' });
  }
  const clock = clockOf(facts.jurisdiction, facts.kinds) as KindClock;
  const maximum = clock.maxExtension;
  if (!Number.isInteger(request.amount) || request.amount < 1 || request.amount > maximum) {
    const unit = clock.unit === 'MONTHS' ? 'months' : 'days';
    throw new DomainError('BAD_USER_INPUT', `A ${facts.jurisdiction} extension is 1 to ${maximum} ${unit}.`, { field: 'amount' });
  }
  if (isOverdue(dueAt({ ...facts, extension: null }, request.at), request.at)) {
    throw new DomainError('EXTENSION_TOO_LATE', 'The original deadline has passed; an extension had to be made before it.');
  }
}
