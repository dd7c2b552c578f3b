// Signs the head of every audit chain hourly. graphile-worker's crontab runs
// the job once per hour across all replicas (it records which hours ran in
// its own schema) and backfills an hour missed while everything was down.
// Its schema (graphile_worker) is installed by the login user, which owns
// the database; the job itself writes through the application's role.
import { createPool, type Db } from '@governance/db';
import { run, Logger as WorkerLogger } from 'graphile-worker';
import { createCheckpoint } from '../audit/audit-checkpoint.service.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export const CHECKPOINT_TASK = 'audit_checkpoint';
/** At minute 0 of every hour; if the last hour was missed, run once for it. */
export const CHECKPOINT_CRONTAB = `0 * * * * ${CHECKPOINT_TASK} ?fill=1h&max=1`;

export interface AuditCheckpointOptions {
  db: Db;
  /** The login user's connection (graphile-worker manages its own schema). */
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  key: SigningKey;
}

export interface RunningCheckpoints {
  close(): Promise<void>;
}

export async function startAuditCheckpoints(options: AuditCheckpointOptions): Promise<RunningCheckpoints> {
  const logger = options.logger.child({ job: CHECKPOINT_TASK });
  // Our own pool, so that a lost connection (a database restart) is logged
  // rather than crashing the process as an unhandled 'error' event.
  const pool = createPool(options.databaseUrl, {
    maxConnections: 2,
    onPoolError: (error) => logger.warn({ reason: error.message }, 'job queue connection lost'),
  });
  const runner = await run({
    pgPool: pool,
    concurrency: 1,
    noHandleSignals: true,
    // Only cron jobs run here; their exact minute does not matter.
    pollInterval: 30_000,
    crontab: CHECKPOINT_CRONTAB,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = level === 'error' ? logger.error : level === 'warning' ? logger.warn : logger.debug;
      log.call(logger, { scope, ...meta }, message);
    }),
    taskList: {
      [CHECKPOINT_TASK]: async () => {
        const made = await createCheckpoint(options.db, options.clock, options.key);
        if (made.length > 0) logger.info({ chains: made.length }, 'signed audit checkpoints');
      },
    },
  });
  return {
    async close() {
      await runner.stop();
      await pool.end();
    },
  };
}
