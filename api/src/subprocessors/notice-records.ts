// What the evidence of a change needs from the change notices: one entry per
// confirmed subscriber notified of the change, with the delivery of its
// message. The notices are the subscriptions domain's; this is the one door
// the evidence reads them through (that domain's service), so the evidence
// never depends on how notices are stored.
import type { Db } from '@governance/db';
import { type NoticedChange, noticesOfChange } from '../subscriptions/notice-records.service.ts';
import type { SentNoticeRecord } from './evidence.ts';

export type { NoticedChange };
export type NoticeRecord = SentNoticeRecord;

export interface NoticeRecordSource {
  /** The notices of one announced change (a policy version or a subprocessor list version), in a stable order. */
  noticesOfChange(db: Db, change: NoticedChange): Promise<NoticeRecord[]>;
}

/** The notices the subscriptions domain sent: delivered, failed (given up) or still pending. */
export const CHANGE_NOTICES: NoticeRecordSource = {
  async noticesOfChange(db, change) {
    return (await noticesOfChange(db, change)).map((notice) => ({
      subscriberKey: notice.recipientHash,
      delivery: notice.deliveredAt ? 'DELIVERED' : notice.failedAt ? 'FAILED' : 'PENDING',
      at: notice.deliveredAt ?? notice.failedAt,
    }));
  },
};
