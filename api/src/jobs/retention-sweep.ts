// Sweeps every organization by its retention settings on a schedule
// (RETENTION_SWEEP_CRON, hourly by default). graphile-worker's crontab runs
// each tick once across all replicas; the sweep itself also takes each
// organization's advisory lock and resumes an interrupted run, so a tick
// that overlaps a CLI sweep, or a replica that dies mid-run, does no work
// twice and leaves none undone.
import type { Db } from '@governance/db';
import type { SigningKey } from '../audit/signing-key.ts';
import { sweepAllOrganizations } from '../retention/sweep.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { type GraphileRunner, type ScheduledJob, startJobs } from './graphile-runner.ts';

export const RETENTION_SWEEP_TASK = 'retention_sweep';
export const DEFAULT_RETENTION_SWEEP_CRON = '0 * * * *';

/** The crontab line: one job per tick, and no backfill (the next tick sweeps whatever a missed one would have). */
export function retentionSweepCrontab(schedule: string): string {
  return `${schedule} ${RETENTION_SWEEP_TASK} ?max=1`;
}

export interface RetentionSweepOptions {
  db: Db;
  /** The login user's connection (graphile-worker manages its own schema). */
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  /** Signs the record of an audit-trail purge. */
  key: SigningKey;
  /** DATA_DIR/mail: mail files follow the outbox's retention. */
  mailDirectory?: string;
  /** AUDIT_RETENTION_FLOOR: the audit trail is never purged below it. */
  auditRetentionFloor: string;
  /** A crontab schedule (five fields); default hourly. */
  schedule?: string;
}

/** What the job does on each tick: every organization, one after another. */
export async function runRetentionSweepTask(options: Omit<RetentionSweepOptions, 'databaseUrl' | 'schedule'>): Promise<void> {
  const results = await sweepAllOrganizations(
    {
      db: options.db,
      clock: options.clock,
      signingKey: options.key,
      mailDirectory: options.mailDirectory ?? null,
      auditRetentionFloor: options.auditRetentionFloor,
      logger: options.logger,
    },
    { dryRun: false, startedBy: 'job' },
    (organization, error) => options.logger.error({ organization, reason: (error as Error).message }, 'retention sweep failed'),
  );
  for (const result of results) {
    const counts = Object.fromEntries(
      result.outcomes.filter((outcome) => outcome.count > 0).map((outcome) => [outcome.category, outcome.count]),
    );
    if (Object.keys(counts).length > 0) options.logger.info({ organization: result.organization, counts }, 'retention sweep');
  }
}

/** Sweeps every organization on each tick of the schedule. */
export function retentionSweepJob(options: Omit<RetentionSweepOptions, 'databaseUrl'>): ScheduledJob {
  const logger = options.logger.child({ job: RETENTION_SWEEP_TASK });
  return {
    crontab: retentionSweepCrontab(options.schedule ?? DEFAULT_RETENTION_SWEEP_CRON),
    taskList: { [RETENTION_SWEEP_TASK]: () => runRetentionSweepTask({ ...options, logger }) },
  };
}

export function startRetentionSweep(options: RetentionSweepOptions): Promise<GraphileRunner> {
  return startJobs(options.databaseUrl, options.logger, [retentionSweepJob(options)]);
}
