// What the evidence of a change needs from the change notices: one entry per
// confirmed subscriber notified of the change, with the delivery of its
// message. The notices are the subscriptions domain's; this is the one door
// the evidence reads them through (that domain's service), so the evidence
// never depends on how notices are stored.
import type { Db } from '@governance/db';
import { noticesOfSubprocessorList } from '../subscriptions/notice-records.service.ts';
import type { NoticeDelivery } from './evidence.ts';

export interface NoticeRecord {
  /** Stable per subscriber and organization, and no address: the evidence salts it again. */
  subscriberKey: string;
  delivery: NoticeDelivery;
  /** When the message was delivered or given up; null while pending. */
  at: Date | null;
}

export interface NoticeRecordSource {
  /** The notices of one announced subprocessor list version, in a stable order. */
  noticesOfListVersion(db: Db, listVersionId: string): Promise<NoticeRecord[]>;
}

/** The notices the subscriptions domain sent: delivered, failed (given up) or still pending. */
export const CHANGE_NOTICES: NoticeRecordSource = {
  async noticesOfListVersion(db, listVersionId) {
    return (await noticesOfSubprocessorList(db, listVersionId)).map((notice) => ({
      subscriberKey: notice.recipientHash,
      delivery: notice.deliveredAt ? 'DELIVERED' : notice.failedAt ? 'FAILED' : 'PENDING',
      at: notice.deliveredAt ?? notice.failedAt,
    }));
  },
};
