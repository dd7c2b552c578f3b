// One portal build at a time per portal folder, across every process on the
// database: replicas started at once from one checkout, the date-driven
// rebuild and the rebuild after a policy sync all take this lock, and so does
// the copy a server takes of the build, so no copy is made mid-swap.
//
// A session-level PostgreSQL advisory lock, because every process of one
// deployment already shares the database: the lock is held on a connection of
// its own and PostgreSQL releases it when that connection ends, so a holder
// that crashes (kill -9, lost machine) never blocks the next start.
// Processes that share a portal folder but not a database (two embedded
// databases under different DATA_DIRs, one checkout) are not serialized.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@governance/db';
import { sql } from 'kysely';

/** Namespace of the portal build locks (two-key form), apart from every other lock of the product. */
const PORTAL_BUILD_LOCK_NAMESPACE = 7261300;

/** Runs `work` while holding the portal folder's build lock, waiting for it as long as another process holds it. */
export type PortalLock = <T>(work: () => Promise<T>) => Promise<T>;

export function portalBuildLock(db: Db, portalDir: string): PortalLock {
  // The folder's real path names the lock: two checkouts build side by side, two paths to one checkout do not.
  const folder = realpathOr(path.resolve(portalDir));
  const key = sql`${PORTAL_BUILD_LOCK_NAMESPACE}::int4, hashtext(${folder})`;
  return (work) =>
    db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${key})`.execute(connection);
      try {
        return await work();
      } finally {
        // Should this fail, the connection is gone and the lock with it.
        await sql`select pg_advisory_unlock(${key})`.execute(connection).catch(() => {});
      }
    });
}

function realpathOr(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
