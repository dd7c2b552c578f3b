// Rebuilds the static portal when the public text changes by the calendar
// alone: a pending version takes effect, or a version's publication date
// comes. Without it, a server started before such an instant would serve a
// stale current page until its next restart.
//
// The timer is re-armed after every run and never set further than a day
// ahead: setTimeout overflows past ~24.8 days, and a long timer drifts from
// the wall clock (suspend, NTP steps). A run compares the clock with the
// policy dates, so firing early or late is harmless.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPolicyRepository } from '@governance/policies/repository';
import { readBuildStamp } from '../cli/portal-build.ts';
import type { PortalLock } from '../cli/portal-lock.ts';
import type { LivePageLocals } from '../http/live-pages.ts';
import { createStaticPortal, type StaticHandler } from '../http/static-portal.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export const MAX_TIMER_MS = 24 * 60 * 60 * 1000;
/** After a failed build, try again this much later (the old site stays up meanwhile). */
export const RETRY_AFTER_FAILURE_MS = 5 * 60 * 1000;

/** The dates of a version that change the public site: `YYYY-MM-DD`, taking effect at 00:00 UTC. */
export interface PolicyDates {
  published: string;
  effective: string;
}

const instantOf = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** Every instant at which the site changes, in order and without repeats. */
function changeInstants(dates: readonly PolicyDates[]): Date[] {
  const times = new Set(dates.flatMap((version) => [instantOf(version.published).getTime(), instantOf(version.effective).getTime()]));
  return [...times].sort((a, b) => a - b).map((time) => new Date(time));
}

/** The first instant after `now` at which a version is published or takes effect; null when none is scheduled. */
export function nextPolicyChange(dates: readonly PolicyDates[], now: Date): Date | null {
  return changeInstants(dates).find((instant) => instant.getTime() > now.getTime()) ?? null;
}

/** Whether the site changed in (since, now]: a build made at `since` is stale at `now`. */
export function changedBetween(dates: readonly PolicyDates[], since: Date, now: Date): boolean {
  return changeInstants(dates).some((instant) => instant.getTime() > since.getTime() && instant.getTime() <= now.getTime());
}

/** How long to wait before the next look: until the next change, at most a day. */
export function timerDelay(next: Date | null, now: Date): number {
  if (!next) return MAX_TIMER_MS;
  return Math.min(Math.max(next.getTime() - now.getTime(), 0), MAX_TIMER_MS);
}

export interface Timer {
  set(callback: () => void, ms: number): { cancel(): void };
}

export const systemTimer: Timer = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    // The server keeps the process alive; a pending rebuild must not.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

export interface PortalRebuildOptions {
  clock: Clock;
  logger: Logger;
  /** The dates of every version on disk (see `policyDatesFrom`). */
  readPolicyDates: () => Promise<PolicyDates[]>;
  /** Builds the portal as of `today` (YYYY-MM-DD); `ensurePortalBuilt` in production. Returns whether it built. */
  rebuild: (today: string) => Promise<boolean>;
  /** Called after each due rebuild, whoever built, so the server serves the newest files (SnapshotPortal.refresh). */
  onRebuilt: () => void | Promise<void>;
  timer?: Timer;
}

export interface PortalRebuildJob {
  /** Arms the timer; the portal is assumed built as of the clock's now. */
  start(): Promise<void>;
  stop(): void;
  /** Rebuilds when a change fell due since the last build; returns whether it built. */
  runDue(now: Date): Promise<boolean>;
  /** Resolves once the run the timer started (if any) and the re-arming are done. */
  settled(): Promise<void>;
}

export function createPortalRebuildJob(options: PortalRebuildOptions): PortalRebuildJob {
  const timer = options.timer ?? systemTimer;
  let builtAt = options.clock.now();
  let pending: { cancel(): void } | undefined;
  let stopped = false;
  let work: Promise<void> = Promise.resolve();

  const runDue = async (now: Date): Promise<boolean> => {
    if (!changedBetween(await options.readPolicyDates(), builtAt, now)) return false;
    const today = now.toISOString().slice(0, 10);
    options.logger.info({ today }, 'a policy version was published or took effect: rebuilding the portal');
    const built = await options.rebuild(today);
    builtAt = now;
    // Even when it did not build: another process sharing the portal folder may have, at the same instant.
    await options.onRebuilt();
    return built;
  };

  const arm = async (delayAfterFailure?: number) => {
    if (stopped) return;
    const now = options.clock.now();
    const delay = delayAfterFailure ?? timerDelay(nextPolicyChange(await options.readPolicyDates(), now), now);
    pending = timer.set(() => {
      work = fire();
    }, delay);
  };

  const fire = async () => {
    try {
      await runDue(options.clock.now());
      await arm();
    } catch (error) {
      options.logger.error({ err: error }, 'the scheduled portal rebuild failed; the previous build stays online');
      await arm(RETRY_AFTER_FAILURE_MS);
    }
  };

  return {
    async start() {
      builtAt = options.clock.now();
      await arm();
    },
    stop() {
      stopped = true;
      pending?.cancel();
    },
    runDue,
    settled: () => work,
  };
}

/** Reads the dates of every version in a policies folder. */
export function policyDatesFrom(policiesDir: string): () => Promise<PolicyDates[]> {
  return async () => (await readPolicyRepository(policiesDir)).versions.map((version) => version.frontmatter);
}

/**
 * The static portal, served from a copy of the build. Another process may
 * swap a new build into `dist` at any time (portal-build.ts), so the copy is
 * taken under the same lock as builds, and the server keeps serving its copy
 * until it asks for the new one. (sirv also caches the file list when
 * created, so each copy gets a handler of its own.)
 */
export interface SnapshotPortal {
  handle: StaticHandler;
  /** The copy served now: read it, not `dist`, which another process may be replacing. */
  folder(): string;
  /** Copies the finished build and serves it from now on. */
  reload(): Promise<void>;
  /** Reloads when `dist` holds another build than the one served (built by this process or another); returns whether it did. */
  refresh(): Promise<boolean>;
  /** Removes the copies. */
  close(): Promise<void>;
}

export async function createSnapshotPortal(distDir: string, lock: PortalLock): Promise<SnapshotPortal> {
  const root = await mkdtemp(path.join(tmpdir(), 'governance-portal-'));
  let generation = 0;
  const snapshot = () =>
    lock(async () => {
      const folder = path.join(root, String(++generation));
      await cp(distDir, folder, { recursive: true });
      return { folder, stamp: await readBuildStamp(folder) };
    });
  let served = await snapshot();
  let current = createStaticPortal(served.folder);
  const reload = async () => {
    const previous = served.folder;
    served = await snapshot();
    current = createStaticPortal(served.folder);
    // Requests already streaming from the old copy keep their open files.
    await rm(previous, { recursive: true, force: true });
  };
  return {
    // The locals reach the live pages of the copy served now.
    handle: (request: IncomingMessage, response: ServerResponse, locals?: LivePageLocals) => current(request, response, locals),
    folder: () => served.folder,
    reload,
    async refresh() {
      if ((await readBuildStamp(distDir)) === served.stamp) return false;
      await reload();
      return true;
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}
