// Telling subscribers of announced changes. The policy sync calls this in its
// own transaction for each material policy version and each subprocessor
// list version it just inserted: every confirmed subscriber of the change's
// topic gets one notice mail through the outbox, and a change_notice row
// records it with the message that carries it. Row and mail commit with the
// version or not at all, and the row's unique (subscription, change) makes a
// second notice impossible: a sync run again inserts no version, so it sends
// nothing, and a notice already recorded is skipped.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../audit/models.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import { organizationsWithIds } from '../policies/policies.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { AnnouncedChange } from './models.ts';
import { noticeMail } from './subscription-mail.ts';
import * as repository from './subscriptions.repository.ts';
import { UNSUBSCRIBE_TOKEN_PREFIX } from './subscriptions.service.ts';

export interface NoticeSettings {
  clock: Clock;
  /** The portal's public origin, for the links in the notices. */
  publicUrl: string;
}

/** How many notices each change queued, in the order given. */
export async function sendChangeNotices(
  trx: Kysely<Database>,
  settings: NoticeSettings,
  changes: readonly AnnouncedChange[],
): Promise<number[]> {
  if (changes.length === 0) return [];
  const organizations = await organizationsWithIds({ db: trx }, [...new Set(changes.map((change) => change.organizationId))]);
  const now = settings.clock.now();
  const counts: number[] = [];
  for (const change of changes) {
    const organization = organizations.get(change.organizationId);
    if (!organization) throw new Error(`organization ${change.organizationId} of an announced change does not exist`);
    const ids = {
      policyVersionId: change.topic === 'POLICIES' ? change.policyVersionId : null,
      subprocessorListVersionId: change.topic === 'SUBPROCESSORS' ? change.listVersionId : null,
    };
    let sent = 0;
    for (const subscriber of await repository.subscribersToNotify(trx, organization.id, change.topic, ids)) {
      if (subscriber.email === null) continue; // excluded by the query; narrows the type
      const unsubscribeToken = newSecret(UNSUBSCRIBE_TOKEN_PREFIX);
      await repository.insertUnsubscribeToken(trx, subscriber.id, secretHash(unsubscribeToken), now);
      const mail = await enqueueMail(
        trx,
        noticeMail(settings.publicUrl, organization, subscriber.email, change, unsubscribeToken),
        settings.clock,
      );
      await repository.insertNotice(trx, {
        organizationId: organization.id,
        subscriptionId: subscriber.id,
        topic: change.topic,
        ...ids,
        // The subscription's own hash: salted with the organization's salt, it outlives the address.
        recipientHash: subscriber.emailHash,
        mailId: mail.id,
        messageId: mail.messageId,
        createdAt: now,
      });
      sent++;
    }
    counts.push(sent);
    if (sent > 0) {
      await recordAuditEvent(trx, {
        organizationId: organization.id,
        actor: SYSTEM_ACTOR,
        action: AUDIT_ACTION.changeNoticesSent,
        target:
          change.topic === 'POLICIES'
            ? { type: 'PolicyVersion', id: change.policyVersionId }
            : { type: 'SubprocessorListVersion', id: change.listVersionId },
        metadata: { topic: change.topic, version: change.version, count: sent },
        occurredAt: now,
      });
    }
  }
  return counts;
}
