// Signs the head of every audit chain hourly. graphile-worker's crontab runs
// the job once per hour across all replicas (it records which hours ran in
// its own schema) and backfills an hour missed while everything was down.
// Its schema (graphile_worker) is installed by the login user, which owns
// the database; the job itself writes through the application's role.
import type { Db } from '@governance/db';
import { createCheckpoint } from '../audit/audit-checkpoint.service.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { type GraphileRunner, type ScheduledJob, startJobs } from './graphile-runner.ts';

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

/** Signs every chain head that moved, each hour. */
export function auditCheckpointJob(options: Omit<AuditCheckpointOptions, 'databaseUrl'>): ScheduledJob {
  const logger = options.logger.child({ job: CHECKPOINT_TASK });
  return {
    crontab: CHECKPOINT_CRONTAB,
    taskList: {
      [CHECKPOINT_TASK]: async () => {
        const made = await createCheckpoint(options, systemPrincipal('audit checkpoint job'), options.key);
        if (made.length > 0) logger.info({ chains: made.length }, 'signed audit checkpoints');
      },
    },
  };
}

export function startAuditCheckpoints(options: AuditCheckpointOptions): Promise<GraphileRunner> {
  return startJobs(options.databaseUrl, options.logger, [auditCheckpointJob(options)]);
}
