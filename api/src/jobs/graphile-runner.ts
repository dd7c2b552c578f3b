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
