// What the evidence of a change needs from the change notices: one entry per
// confirmed subscriber notified of the change, with the delivery of its
// message. The notices are the subscriptions domain's; this is the one
// door the evidence reads them through, so the evidence never depends on
// how notices are stored.
import type { Db } from '@governance/db';
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

/** Until change notices are sent, no change has any: the evidence then says nobody was notified, which is true. */
export const NO_NOTICES: NoticeRecordSource = {
  noticesOfListVersion: async () => [],
};
