import { enqueueMail, type OutboxMessage } from '@governance/api/mail/outbox.service';
import type { Clock } from '@governance/api/shared/clock';
import type { Db } from '@governance/db';

export function sampleMessage(index: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    organizationId: null,
    kind: 'VERIFICATION',
    to: `requester-${index}@example.com`,
    subject: `Please confirm your request ${index}`,
    text: `Open this link to confirm: https://portal.example/verify?token=secret-${index}\n`,
    ...overrides,
  };
}

/** As a use case does it: the mail is queued in the transaction of the change. */
export function enqueueCommitted(db: Db, message: OutboxMessage, clock: Clock): Promise<{ id: string; messageId: string }> {
  return db.transaction().execute((trx) => enqueueMail(trx, message, clock));
}
