// Sweeps every organization by its retention settings on a schedule
// (RETENTION_SWEEP_CRON, hourly by default). graphile-worker's crontab runs
// each tick once across all replicas; the sweep itself also takes each
// organization's advisory lock and resumes an interrupted run, so a tick
// that overlaps a CLI sweep, or a replica that dies mid-run, does no work
// twice and leaves none undone.
import { systemPrincipal } from '../auth/principal.ts';
import { sweepAllOrganizations } from '../retention/sweep.service.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { type GraphileRunner, type ScheduledJob, startJobs } from './graphile-runner.ts';

export const RETENTION_SWEEP_TASK = 'retention_sweep';
export const DEFAULT_RETENTION_SWEEP_CRON = '0 * * * *';

/** The crontab line: one job per tick, and no backfill (the next tick sweeps whatever a missed one would have). */
export function retentionSweepCrontab(schedule: string): string {
  return `${schedule} ${RETENTION_SWEEP_TASK} ?max=1`;
}

/** What the job does on each tick: every organization, one after another, as the system. */
export async function runRetentionSweepTask(context: UseCaseContext): Promise<void> {
  const results = await sweepAllOrganizations(
    context,
    systemPrincipal('retention sweep'),
    { dryRun: false, startedBy: 'job' },
    (organization, error) => context.logger.error({ organization, reason: (error as Error).message }, 'retention sweep failed'),
  );
  for (const result of results) {
    const counts = Object.fromEntries(
      result.outcomes.filter((outcome) => outcome.count > 0).map((outcome) => [outcome.category, outcome.count]),
    );
    if (Object.keys(counts).length > 0) context.logger.info({ organization: result.organization, counts }, 'retention sweep');
  }
}

/** Sweeps every organization on each tick of the schedule (a crontab schedule, five fields; default hourly). */
export function retentionSweepJob(context: UseCaseContext, schedule: string = DEFAULT_RETENTION_SWEEP_CRON): ScheduledJob {
  const logger = context.logger.child({ job: RETENTION_SWEEP_TASK });
  return {
    crontab: retentionSweepCrontab(schedule),
    taskList: { [RETENTION_SWEEP_TASK]: () => runRetentionSweepTask({ ...context, logger }) },
  };
}

/** The sweep alone on a worker of its own; `databaseUrl`: the login user's connection (graphile-worker manages its own schema). */
export function startRetentionSweep(context: UseCaseContext, databaseUrl: string, schedule?: string): Promise<GraphileRunner> {
  return startJobs(databaseUrl, context.logger, [retentionSweepJob(context, schedule)]);
}
