// When a failed message is tried again: 1 minute after the first failure,
// doubling each time, capped at an hour, so a mail server that is down for a
// while is neither hammered nor waited on for days.
const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;

/** The delay after the `attempts`-th failed attempt (1-based). */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}
