// The audit trail's own retention decides how long the proof of everything
// else lasts, so it is guarded more than other categories:
//   - only an organization admin (or a site admin) may change it;
//   - no setting may keep it for less than the floor (AUDIT_RETENTION_FLOOR,
//     one year by default), whoever sets it and however (the API, the
//     initial settings file);
//   - the sweep never purges an event younger than the floor, even when a
//     shorter setting reached the database some other way (an old version,
//     direct SQL): it holds the period to the floor and says so in its record.
import { AUDIT_EVENTS_CATEGORY } from '@governance/policies/vocabulary/access';
import { DomainError } from '../shared/domain-error.ts';
import { cutoffFor, INDEFINITE, type IsoDuration, parseDuration } from './duration.ts';

export const DEFAULT_AUDIT_RETENTION_FLOOR = 'P1Y';

function floorDuration(floor: string): IsoDuration {
  const parsed = parseDuration(floor);
  // The floor comes from configuration, checked at start-up: one that does not parse is a bug.
  if (!parsed.ok) throw new Error(`the audit retention floor ${floor} does not parse: ${parsed.reason}`);
  return parsed.duration;
}

/**
 * Whether `period` keeps data of the category for less than the floor at
 * `now` (periods are compared by the instant before which they make data
 * due, so P12M, P1Y and P365D compare as the calendar says).
 */
export function isBelowFloor(category: string, period: string, floor: string, now: Date): boolean {
  if (category !== AUDIT_EVENTS_CATEGORY || period === INDEFINITE) return false;
  const parsed = parseDuration(period);
  if (!parsed.ok) return false;
  return cutoffFor(now, parsed.duration).getTime() > cutoffFor(now, floorDuration(floor)).getTime();
}

/** Refuses a setting of the audit trail's retention shorter than the floor, naming the field. */
export function requireAtLeastFloor(category: string, period: string, floor: string, now: Date): void {
  if (isBelowFloor(category, period, floor, now)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `The audit trail must be kept for at least ${floor}; ${period} is shorter. Choose ${floor} or longer, or INDEFINITE.`,
      { field: 'period' },
    );
  }
}

/** The period the sweep applies: the setting's, or the floor where the setting is shorter. */
export function periodHeldToFloor(category: string, period: string, floor: string, now: Date): string {
  return isBelowFloor(category, period, floor, now) ? floor : period;
}

/** A cutoff no later than the floor's at `at`: what a resumed run recorded before the floor held still cannot go below it. */
export function cutoffHeldToFloor(category: string, cutoff: Date, floor: string, at: Date): Date {
  if (category !== AUDIT_EVENTS_CATEGORY) return cutoff;
  const floorCutoff = cutoffFor(at, floorDuration(floor));
  return cutoff.getTime() > floorCutoff.getTime() ? floorCutoff : cutoff;
}
