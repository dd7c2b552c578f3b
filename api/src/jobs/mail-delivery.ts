// Delivers the mail outbox through graphile-worker. Two triggers: a job added
// by the outbox's insert trigger in the enqueueing transaction (so a message
// goes right after commit), and a sweep every minute for retries that came
// due and for messages whose job was lost (queued before the job schema
// existed, or a job that died). Any number of replicas may run this: rows are
// claimed with SKIP LOCKED, so each message is sent by one of them.
import { createPool, type Db } from '@governance/db';
import { run, Logger as WorkerLogger } from 'graphile-worker';
import type { MailSettings } from '../config.ts';
import { type DeliveryPolicy, deliverDueMail } from '../mail/delivery.service.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/** Also named in the outbox's insert trigger (migration 2026_11_22_0510). */
export const MAIL_DELIVERY_TASK = 'mail_delivery';
export const MAIL_SWEEP_CRONTAB = `* * * * * ${MAIL_DELIVERY_TASK} ?max=1`;

export interface MailDeliveryOptions {
  db: Db;
  /** The login user's connection (graphile-worker manages its own schema). */
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  mail: MailSettings;
  /** Default: from `mail` (SMTP, or .eml files). */
  transport?: MailTransport;
  policy?: Partial<DeliveryPolicy>;
}

export interface RunningMailDelivery {
  close(): Promise<void>;
}

export async function startMailDelivery(options: MailDeliveryOptions): Promise<RunningMailDelivery> {
  const logger = options.logger.child({ job: MAIL_DELIVERY_TASK });
  const transport = options.transport ?? createMailTransport(options.mail, logger);
  // Our own pool, so that a lost connection is logged rather than crashing the process.
  const pool = createPool(options.databaseUrl, {
    maxConnections: 3,
    onPoolError: (error) => logger.warn({ reason: error.message }, 'job queue connection lost'),
  });
  const runner = await run({
    pgPool: pool,
    concurrency: 2,
    noHandleSignals: true,
    // New jobs arrive by LISTEN/NOTIFY at once; polling is only the fallback.
    pollInterval: 10_000,
    crontab: MAIL_SWEEP_CRONTAB,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = level === 'error' ? logger.error : level === 'warning' ? logger.warn : logger.debug;
      log.call(logger, { scope, ...meta }, message);
    }),
    taskList: {
      // Whatever the trigger, drain everything due: the payload's row is among it.
      [MAIL_DELIVERY_TASK]: async () => {
        const done = await deliverDueMail({
          db: options.db,
          transport,
          clock: options.clock,
          logger,
          ...(options.policy ? { policy: options.policy } : {}),
        });
        if (done.delivered + done.retrying + done.failed > 0) logger.info(done, 'mail delivery');
      },
    },
  });
  return {
    async close() {
      await runner.stop();
      await pool.end();
      transport.close();
    },
  };
}
