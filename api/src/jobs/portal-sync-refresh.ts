// Every process serves the portal of the policies just synced, without a
// restart. A sync (`pnpm policies:sync`, or another process starting) NOTIFYs
// POLICY_CATALOG_CHANNEL at commit; each process listening then brings the
// portal up to date and serves the result. The build itself runs once: the
// processes sharing the portal folder take its lock in turn, and those after
// the first find the stamp current (cli/portal-build.ts) and only reload.
//
// The build reads the policy files from POLICIES_DIR, the folder the sync
// imported: processes of one deployment share it (one checkout, or the same
// release on every machine).
import { type Listener, listen } from '@governance/db';
import { POLICY_CATALOG_CHANNEL } from '../policies/catalog-cache.ts';
import type { Logger } from '../shared/logger.ts';

export interface PortalSyncRefreshOptions {
  databaseUrl: string;
  logger: Logger;
  /** Builds the portal if its inputs changed, then serves the newest build. */
  refresh: () => Promise<void>;
}

export interface PortalSyncRefresh {
  /** Resolves once the refreshes asked for so far are done (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function refreshPortalOnPolicySync(options: PortalSyncRefreshOptions): Promise<PortalSyncRefresh> {
  const refresh = coalesced(async () => {
    try {
      await options.refresh();
    } catch (error) {
      options.logger.error({ err: error }, 'could not rebuild the portal after a policy sync; the previous build stays online');
    }
  });
  const listener: Listener = await listen(options.databaseUrl, POLICY_CATALOG_CHANNEL, {
    onNotify: () => void refresh(),
    onError: (error) => options.logger.warn({ reason: error.message }, 'lost the policy sync subscription of the portal; reconnecting'),
  });
  // A sync may have landed between this process's start-up build and the subscription: look once now.
  void refresh();
  return {
    settled: () => refresh.settled(),
    close: () => listener.close(),
  };
}

/**
 * Runs `work` one at a time. Calls while it runs share a single next run:
 * a burst of notifications costs at most one more look, and one that arrives
 * mid-run is never missed (the files may have changed after this run hashed them).
 */
export function coalesced(work: () => Promise<void>): (() => Promise<void>) & { settled(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  const run = () => {
    if (!next) {
      const queued = running.then(() => {
        next = undefined;
        return work();
      });
      next = queued;
      running = queued.catch(() => {});
    }
    return next;
  };
  return Object.assign(run, { settled: () => running });
}
