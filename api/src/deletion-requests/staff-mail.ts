// What staff are told by mail: the daily list of requests near their
// deadline, with links into the dashboard. References and dates only.
import { requestDetailUrl, requestQueueUrl } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';

export interface ReminderItem {
  id: string;
  reference: string;
  dueAt: Date;
  daysLeft: number;
}

const when = (item: ReminderItem) =>
  item.daysLeft < 0 ? `overdue by ${-item.daysLeft} day(s)` : item.daysLeft === 0 ? 'due today' : `${item.daysLeft} day(s) left`;

export function reminderMail(
  publicUrl: string,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  recipient: { email: string; name: string },
  items: readonly ReminderItem[],
): OutboxMessage {
  const lines = items.map(
    (item) =>
      `- ${item.reference}: due ${item.dueAt.toISOString().slice(0, 10)}, ${when(item)}\n  ${publicUrl}${requestDetailUrl(organization.slug, item.id)}`,
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
