// What staff are told by mail: the daily list of requests near their
// deadline, with links into the dashboard. References and dates only.
import { KIND_NAMES, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { requestDetailUrl, requestQueueUrl } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';

export interface ReminderItem {
  id: string;
  reference: string;
  /** What it asks for; the line names any kind beside deletion. */
  kinds: readonly PrivacyRequestKind[];
  dueAt: Date;
  daysLeft: number;
}

const when = (item: ReminderItem) =>
  item.daysLeft < 0 ? `overdue by ${-item.daysLeft} day(s)` : item.daysLeft === 0 ? 'due today' : `${item.daysLeft} day(s) left`;

/** A deletion alone reads as it always did; other requests name what they ask for: " (Access, Correction)". */
const askedFor = (item: ReminderItem) =>
  item.kinds.join() === 'DELETION' ? '' : ` (${item.kinds.map((kind) => KIND_NAMES[kind]).join(', ')})`;

export function reminderMail(
  publicUrl: string,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  recipient: { email: string; name: string },
  items: readonly ReminderItem[],
): OutboxMessage {
  const lines = items.map(
    (item) =>
      `- ${item.reference}${askedFor(item)}: due ${item.dueAt.toISOString().slice(0, 10)}, ${when(item)}\n  ${publicUrl}${requestDetailUrl(organization.slug, item.id)}`,
  );
  const overdue = items.filter((item) => item.daysLeft < 0).length;
  return {
    organizationId: organization.id,
    kind: 'REMINDER',
    to: recipient.email,
    subject: `${organization.name}: ${items.length} deletion request(s) due soon${overdue > 0 ? `, ${overdue} overdue` : ''}`,
    text:
      `Hello ${recipient.name},\n\nThese deletion requests of ${organization.name} need an answer soon:\n\n${lines.join('\n')}\n\n` +
      `The queue: ${publicUrl}${requestQueueUrl(organization.slug)}\n`,
  };
}
