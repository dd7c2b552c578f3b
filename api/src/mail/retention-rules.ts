// The mail domain's retention rule, what the retention sweep applies to the
// outbox (retention/rules/index.ts lists it). Its SQL is in
// outbox-retention.repository.ts, its files in mail-files.ts.
import type { RetentionRule } from '../retention/rules/rule.ts';
import { removeMailFiles, removeOrphanMailFiles } from './mail-files.ts';
import * as repository from './outbox-retention.repository.ts';

// Outgoing mail of the organization (mail_outbox): once a message was
// delivered, or given up after its retries, longer ago than the period, its
// row (recipient, subject, dates) is deleted. Bodies are emptied at delivery
// already. Without SMTP the message also lies in a .eml file under
// DATA_DIR/mail: the file goes first, then the row, so a file that cannot be
// removed keeps its row (and the run) unfinished until it can; after the last
// batch, files whose row is gone by other means go too.
export const mailOutboxRule: RetentionRule = {
  category: 'mail-outbox',
  name: 'delete-finished-mail',
  action: 'DELETE',
  outcome: 'deleted',
  defaultPeriod: 'P30D',
  summary:
    'Records of mail the portal sent to requesters and staff (recipient, subject, dates, and any copy written to a file) are deleted once delivered or given up longer ago than the period.',
  countDue: ({ db, organizationId, cutoff }) => repository.countFinishedMail(db, organizationId, cutoff),
  async runBatch(trx, { db, organizationId, cutoff, mailDirectory }, limit) {
    const due = await repository.lockFinishedMail(trx, organizationId, cutoff, limit);
    if (mailDirectory) {
      await removeMailFiles(
        mailDirectory,
        due.map((row) => row.message_id),
      );
    }
    const count = await repository.deleteMail(
      trx,
      due.map((row) => row.id),
    );
    const more = due.length === limit;
    return {
      count,
      more,
      ...(mailDirectory && !more
        ? {
            afterCommit: async () => {
              await removeOrphanMailFiles(db, mailDirectory);
            },
          }
        : {}),
    };
  },
};
