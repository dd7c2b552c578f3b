// Delivers the mail outbox through graphile-worker. Two triggers: a job added
// by the outbox's insert trigger in the enqueueing transaction (so a message
// goes right after commit), and a sweep every minute for retries that came
// due and for messages whose job was lost (queued before the job schema
// existed, or a job that died). Any number of replicas may run this: rows are
// claimed with SKIP LOCKED, so each message is sent by one of them.
import type { Db } from '@governance/db';
import { systemPrincipal } from '../auth/principal.ts';
import type { MailSettings } from '../config.ts';
import { type DeliveryPolicy, deliverDueMail } from '../mail/delivery.service.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { type GraphileRunner, type ScheduledJob, startJobs } from './graphile-runner.ts';

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

/** Delivers the outbox: on each insert's job, each minute's sweep, and once at start. */
export function mailDeliveryJob(options: Omit<MailDeliveryOptions, 'databaseUrl'>): ScheduledJob {
  const logger = options.logger.child({ job: MAIL_DELIVERY_TASK });
  const transport = options.transport ?? createMailTransport(options.mail, logger);
  return {
    crontab: MAIL_SWEEP_CRONTAB,
    taskList: {
      // Whatever the trigger, drain everything due: the payload's row is among it.
      [MAIL_DELIVERY_TASK]: async () => {
        const done = await deliverDueMail(
          {
            db: options.db,
            transport,
            clock: options.clock,
            logger,
            ...(options.policy ? { policy: options.policy } : {}),
          },
          systemPrincipal('mail delivery'),
        );
        if (done.delivered + done.retrying + done.failed > 0) logger.info(done, 'mail delivery');
      },
    },
    // A process that starts (after a crash, say) sends what is due at once, not at the next sweep.
    queueAtStart: [MAIL_DELIVERY_TASK],
    close: () => transport.close(),
  };
}

/** Mail delivery alone on a worker of its own (a process that only sends mail). */
export function startMailDelivery(options: MailDeliveryOptions): Promise<GraphileRunner> {
  return startJobs(options.databaseUrl, options.logger, [mailDeliveryJob(options)]);
}
