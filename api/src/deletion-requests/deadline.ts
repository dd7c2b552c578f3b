// The legal deadline of a deletion request: one clock per regime, pure
// functions of the request's history and `now`. Deadlines are calendar dates
// in UTC; a request is on time until the last millisecond of its due date.

import type { Jurisdiction } from '@governance/policies/vocabulary/intake-messages';
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
}

const DAY_MS = 86_400_000;
export const GDPR_MAX_EXTENSION_MONTHS = 2;
export const CCPA_DAYS = 45;
export const CCPA_MAX_EXTENSION_DAYS = 45;
export const CCPA_ACKNOWLEDGEMENT_BUSINESS_DAYS = 10;

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
  switch (facts.jurisdiction) {
    case 'GDPR':
      return addMonthsClamped(facts.receivedAt, 1);
    case 'CCPA':
      return addDays(facts.receivedAt, CCPA_DAYS);
    default:
      return addDays(facts.receivedAt, facts.otherDays);
  }
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
  if (facts.extension) {
    // GDPR: "two further months" counted from receipt, as the first month is, so month ends clamp alike.
    due =
      facts.jurisdiction === 'GDPR' ? addMonthsClamped(facts.receivedAt, 1 + facts.extension.amount) : addDays(due, facts.extension.amount);
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
  const maximum = facts.jurisdiction === 'GDPR' ? GDPR_MAX_EXTENSION_MONTHS : CCPA_MAX_EXTENSION_DAYS;
  if (!Number.isInteger(request.amount) || request.amount < 1 || request.amount > maximum) {
    const unit = facts.jurisdiction === 'GDPR' ? 'months' : 'days';
    throw new DomainError('BAD_USER_INPUT', `A ${facts.jurisdiction} extension is 1 to ${maximum} ${unit}.`, { field: 'amount' });
  }
  if (isOverdue(dueAt({ ...facts, extension: null }, request.at), request.at)) {
    throw new DomainError('EXTENSION_TOO_LATE', 'The original deadline has passed; an extension had to be made before it.');
  }
}
