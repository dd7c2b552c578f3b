// When the running server rebuilds the portal: pure date arithmetic and the
// timer, with an injected clock and timer so nothing really waits.
import {
  changedBetween,
  createPortalRebuildJob,
  MAX_TIMER_MS,
  nextPolicyChange,
  type PolicyDates,
  RETRY_AFTER_FAILURE_MS,
  type Timer,
  timerDelay,
} from '@governance/api/jobs/portal-rebuild';
import { createLogger } from '@governance/api/shared/logger';
import { describe, expect, it } from 'vitest';

const DATES: PolicyDates[] = [
  { published: '2026-01-01', effective: '2026-01-01' },
  { published: '2026-11-01', effective: '2026-12-15' },
  { published: '2027-01-15', effective: '2027-03-01' },
];

describe('nextPolicyChange', () => {
  it('is the next effective or publication instant strictly after now', () => {
    expect(nextPolicyChange(DATES, new Date('2026-11-22T12:00:00Z'))).toEqual(new Date('2026-12-15T00:00:00.000Z'));
    expect(nextPolicyChange(DATES, new Date('2026-12-14T23:59:59.999Z'))).toEqual(new Date('2026-12-15T00:00:00.000Z'));
    // At the instant itself that change is done; the next is a publication date.
    expect(nextPolicyChange(DATES, new Date('2026-12-15T00:00:00.000Z'))).toEqual(new Date('2027-01-15T00:00:00.000Z'));
    expect(nextPolicyChange(DATES, new Date('2027-03-01T00:00:00.000Z'))).toBeNull();
    expect(nextPolicyChange([], new Date())).toBeNull();
  });

  it('finds a change in (since, now], boundaries included on the right only', () => {
    const boundary = new Date('2026-12-15T00:00:00.000Z');
    expect(changedBetween(DATES, new Date('2026-12-14T00:00:00Z'), new Date(boundary.getTime() - 1))).toBe(false);
    expect(changedBetween(DATES, new Date('2026-12-14T00:00:00Z'), boundary)).toBe(true);
    expect(changedBetween(DATES, boundary, new Date('2026-12-20T00:00:00Z'))).toBe(false);
  });

  it('never sets a timer more than a day ahead, nor a negative one', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(timerDelay(new Date('2026-11-22T18:00:00Z'), now)).toBe(6 * 3_600_000);
    expect(timerDelay(new Date('2026-12-15T00:00:00Z'), now)).toBe(MAX_TIMER_MS);
    expect(timerDelay(new Date('2026-11-22T11:00:00Z'), now)).toBe(0);
    expect(timerDelay(null, now)).toBe(MAX_TIMER_MS);
  });
});

/** A timer that records what was asked of it and fires on demand. */
function manualTimer() {
  const armed: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const timer: Timer = {
    set(callback, ms) {
      const entry = { ms, fire: callback, cancelled: false };
      armed.push(entry);
      return {
        cancel: () => {
          entry.cancelled = true;
        },
      };
    },
  };
  return { timer, armed, last: () => armed.at(-1) };
}

function job(now: { value: Date }, rebuild: (today: string) => Promise<boolean>) {
  const timers = manualTimer();
  const rebuilt: string[] = [];
  const created = createPortalRebuildJob({
    clock: { now: () => new Date(now.value) },
    logger: createLogger('silent'),
    readPolicyDates: async () => DATES,
    rebuild: async (today) => {
      const built = await rebuild(today);
      if (built) rebuilt.push(today);
      return built;
    },
    onRebuilt: () => {
      rebuilt.push('reloaded');
    },
    timer: timers.timer,
  });
  return { job: created, timers, rebuilt };
}

describe('the portal rebuild job', () => {
  it('arms the timer for the next change, rebuilds for its date when it fires, then re-arms', async () => {
    const now = { value: new Date('2026-12-14T12:00:00Z') };
    const { job: rebuildJob, timers, rebuilt } = job(now, async () => true);
    await rebuildJob.start();
    expect(timers.last()?.ms).toBe(12 * 3_600_000);

    now.value = new Date('2026-12-15T00:00:00.000Z');
    timers.last()?.fire();
    await rebuildJob.settled();
    expect(rebuilt).toEqual(['2026-12-15', 'reloaded']);
    // Next change: 2027-01-15, more than a day away.
    expect(timers.armed).toHaveLength(2);
    expect(timers.last()?.ms).toBe(MAX_TIMER_MS);
  });

  it('does nothing when it fires before anything is due (a capped timer)', async () => {
    const now = { value: new Date('2026-11-22T12:00:00Z') };
    const { job: rebuildJob, timers, rebuilt } = job(now, async () => true);
    await rebuildJob.start();
    now.value = new Date('2026-11-23T12:00:00Z');
    timers.last()?.fire();
    await rebuildJob.settled();
    expect(rebuilt).toEqual([]);
    expect(await rebuildJob.runDue(new Date('2026-12-14T23:59:59.999Z'))).toBe(false);
    expect(await rebuildJob.runDue(new Date('2026-12-15T00:00:00.000Z'))).toBe(true);
    expect(await rebuildJob.runDue(new Date('2026-12-15T00:00:00.001Z'))).toBe(false);
    expect(rebuilt).toEqual(['2026-12-15', 'reloaded']);
  });

  it('keeps the old site and retries later when a build fails', async () => {
    const now = { value: new Date('2026-12-14T12:00:00Z') };
    let fail = true;
    const {
      job: rebuildJob,
      timers,
      rebuilt,
    } = job(now, async () => {
      if (fail) throw new Error('astro build exited with 1');
      return true;
    });
    await rebuildJob.start();
    now.value = new Date('2026-12-15T00:00:00.000Z');
    timers.last()?.fire();
    await rebuildJob.settled();
    expect(rebuilt).toEqual([]);
    expect(timers.last()?.ms).toBe(RETRY_AFTER_FAILURE_MS);

    fail = false;
    now.value = new Date('2026-12-15T00:05:00.000Z');
    timers.last()?.fire();
    await rebuildJob.settled();
    expect(rebuilt).toEqual(['2026-12-15', 'reloaded']);
  });

  it('serves the newest build when a change falls due even if another process built it', async () => {
    const now = { value: new Date('2026-12-14T12:00:00Z') };
    // Another replica on the same portal folder won the lock: this one's rebuild found the stamp current.
    const { job: rebuildJob, timers, rebuilt } = job(now, async () => false);
    await rebuildJob.start();
    now.value = new Date('2026-12-15T00:00:00.000Z');
    timers.last()?.fire();
    await rebuildJob.settled();
    expect(rebuilt).toEqual(['reloaded']);
  });

  it('cancels its timer on stop and arms no new one', async () => {
    const now = { value: new Date('2026-12-14T12:00:00Z') };
    const { job: rebuildJob, timers } = job(now, async () => true);
    await rebuildJob.start();
    rebuildJob.stop();
    expect(timers.last()?.cancelled).toBe(true);
  });
});
