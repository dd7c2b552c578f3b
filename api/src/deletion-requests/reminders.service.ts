import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import { organizationsWithIds } from '../policies/policies.service.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { daysLeft } from './deadline.ts';
import { findActiveStaff, findDueSoon } from './queue.repository.ts';
import { type ReminderItem, reminderMail } from './staff-mail.ts';

export const REMINDER_DAYS_AHEAD = 3;

/**
 * Queues the reminders of `now` in one transaction; returns how many messages.
 * It reads every organization's requests and staff: a site-wide action, for
 * the system (the morning job) and site administrators.
 */
export async function sendDeadlineReminders(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl'>,
  principal: Principal,
): Promise<number> {
  requirePermission(principal, null, 'deletion-requests:read');
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const due = await findDueSoon(trx, new Date(now.getTime() + REMINDER_DAYS_AHEAD * 86_400_000));
    const organizationIds = [...new Set(due.map((request) => request.organizationId))];
    const staff = await findActiveStaff(trx, organizationIds);
    const organizations = await organizationsWithIds({ db: trx }, organizationIds);
    const inbox = new Map<string, { email: string; name: string; organization: Organization; items: ReminderItem[] }>();
    for (const request of due) {
      const organization = organizations.get(request.organizationId);
      if (!organization) continue; // a request always has its organization: the foreign key holds it
      const members = staff.filter((member) => member.organizationId === request.organizationId);
      const assignee = members.find((member) => member.id === request.assigneeId);
      const recipients = assignee ? [assignee] : members.filter((member) => member.role === 'PRIVACY_OFFICER' || member.role === 'ADMIN');
      for (const recipient of recipients) {
        const key = `${recipient.id}:${request.organizationId}`;
        const entry = inbox.get(key) ?? { email: recipient.email, name: recipient.name, organization, items: [] };
        entry.items.push({
          id: request.id,
          reference: request.reference,
          kinds: request.kinds,
          dueAt: request.dueAt,
          daysLeft: daysLeft(request.dueAt, now),
        });
        inbox.set(key, entry);
      }
    }
    for (const entry of inbox.values()) {
      await enqueueMail(trx, reminderMail(context.publicUrl, entry.organization, entry, entry.items), context.clock);
    }
    return inbox.size;
  });
}
