// One way to run graphile-worker here: with a pool of our own (a lost
// connection is logged, not an unhandled 'error' that kills the process),
// signals left to the application's own shutdown, and its log in ours.
import { createPool } from '@governance/db';
import { type RunnerOptions, run, type TaskList, Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from '../shared/logger.ts';

export interface GraphileRunnerOptions {
  databaseUrl: string;
  logger: Logger;
  taskList: TaskList;
  crontab: string;
  concurrency: number;
  pollInterval: number;
  maxConnections: number;
}

export interface GraphileRunner {
  /** Queues a run of `task` now (any replica may take it). */
  addJob(task: string): Promise<void>;
  close(): Promise<void>;
}

export async function startGraphileRunner(options: GraphileRunnerOptions): Promise<GraphileRunner> {
  const { logger } = options;
  const pool = createPool(options.databaseUrl, {
    maxConnections: options.maxConnections,
    onPoolError: (error) => logger.warn({ reason: error.message }, 'job queue connection lost'),
  });
  const runnerOptions: RunnerOptions = {
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollInterval,
    crontab: options.crontab,
    taskList: options.taskList,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = level === 'error' ? logger.error : level === 'warning' ? logger.warn : logger.debug;
      log.call(logger, { scope, ...meta }, message);
    }),
  };
  const runner = await run(runnerOptions);
  return {
    async addJob(task) {
      await runner.addJob(task, {});
    },
    async close() {
      await runner.stop();
      await pool.end();
    },
  };
}

/** One kind of scheduled work: its tasks, when the crontab queues them, and what it holds open. */
export interface ScheduledJob {
  taskList: TaskList;
  /** Crontab lines (graphile-worker's format). */
  crontab: string;
  /** Tasks to queue as soon as the worker runs. */
  queueAtStart?: string[];
  /** Releases what the job holds (a mail transport). */
  close?: () => void;
}

/**
 * Runs several jobs on one worker: one pool and one LISTEN connection per
 * process, however many kinds of scheduled work there are. Each kind may run
 * alongside the others; new jobs arrive by NOTIFY, polling is the fallback.
 */
export async function startJobs(databaseUrl: string, logger: Logger, jobs: readonly ScheduledJob[]): Promise<GraphileRunner> {
  const runner = await startGraphileRunner({
    databaseUrl,
    logger,
    maxConnections: jobs.length + 1,
    concurrency: jobs.length,
    pollInterval: 10_000,
    crontab: jobs.map((job) => job.crontab).join('\n'),
    taskList: Object.assign({}, ...jobs.map((job) => job.taskList)),
  });
  for (const task of jobs.flatMap((job) => job.queueAtStart ?? [])) await runner.addJob(task);
  return {
    addJob: runner.addJob,
    async close() {
      await runner.close();
      for (const job of jobs) job.close?.();
    },
  };
}
