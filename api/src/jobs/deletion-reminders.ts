// Mails staff every morning the deletion requests due within a few days or
// overdue. graphile-worker's crontab runs it once a day across all replicas,
// and once for a day missed while everything was down.
import { systemPrincipal } from '../auth/principal.ts';
import { sendDeadlineReminders } from '../deletion-requests/reminders.service.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import type { ScheduledJob } from './graphile-runner.ts';

export const REMINDER_TASK = 'deletion_request_reminders';
/** 07:00 UTC every day. */
export const REMINDER_CRONTAB = `0 7 * * * ${REMINDER_TASK} ?fill=1d&max=1`;

/** Queues each morning's reminders. */
export function deletionRemindersJob(context: UseCaseContext): ScheduledJob {
  const logger = context.logger.child({ job: REMINDER_TASK });
  return {
    crontab: REMINDER_CRONTAB,
    taskList: {
      [REMINDER_TASK]: async () => {
        const messages = await sendDeadlineReminders(context, systemPrincipal('deletion request reminders'));
        if (messages > 0) logger.info({ messages }, 'queued deadline reminders');
      },
    },
  };
}
