// Runs the audit sealer in the API process: every `intervalMs`, and at once
// when woken (a NOTIFY on AUDIT_PENDING_CHANNEL, or a caller). Every replica
// runs one; the per-chain advisory lock in the sealer keeps them from
// forking a chain, and a replica that finds nothing to do costs one query.
import { type Db, type Listener, listen } from '@governance/db';
import { pendingCount, sealPending } from '../audit/audit-sealer.service.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/** Writers may `pg_notify` this channel at commit to have their events sealed without waiting for the interval. */
export const AUDIT_PENDING_CHANNEL = 'audit_pending';
export const SEAL_INTERVAL_MS = 200;

export interface AuditSealerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Subscribes to AUDIT_PENDING_CHANNEL when given. */
  databaseUrl?: string;
  intervalMs?: number;
}

export interface RunningAuditSealer {
  /** Seal now (or right after the run in progress). */
  wake(): void;
  /** Resolves once everything pending at the call is sealed: for tests and an orderly shutdown. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function startAuditSealer(options: AuditSealerOptions): Promise<RunningAuditSealer> {
  const interval = options.intervalMs ?? SEAL_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let failing = false;

  const run = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = sealPending(options, systemPrincipal('audit sealer'))
      .then(
        () => {
          if (failing) options.logger.info('audit sealer recovered');
          failing = false;
        },
        (error: Error) => {
          // Keep going: events stay pending and are sealed on a later run.
          if (!failing) options.logger.error({ err: error }, 'audit sealer failed; retrying');
          failing = true;
        },
      )
      .finally(() => {
        running = undefined;
        if (closed) return;
        if (again) {
          again = false;
          run();
        } else {
          timer = setTimeout(run, interval);
        }
      });
  };

  let listener: Listener | undefined;
  if (options.databaseUrl) {
    listener = await listen(options.databaseUrl, AUDIT_PENDING_CHANNEL, {
      onNotify: run,
      onError: (error) => options.logger.warn({ reason: error.message }, 'lost the audit sealer subscription; reconnecting'),
    });
  }
  run();

  return {
    wake: run,
    async drain() {
      while ((await pendingCount(options.db)) > 0 && !closed) {
        run();
        await running;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await listener?.close();
      await running;
    },
  };
}
