// The daily reminder to staff: open requests due within a few days, or
// overdue, in one message per person. A request goes to its assignee; an
// unassigned one (or one whose assignee can no longer sign in) to every
// privacy officer and admin of its organization. The message names
// references and dates only, never the requester.
import type { Db } from '@governance/db';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Clock } from '../shared/clock.ts';
import { daysLeft } from './deadline.ts';
import { findActiveStaff, findDueSoon } from './queue.repository.ts';
import { type ReminderItem, reminderMail } from './staff-mail.ts';

export const REMINDER_DAYS_AHEAD = 3;

export interface ReminderDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
}

/** Queues the reminders of `now` in one transaction; returns how many messages. */
export async function sendDeadlineReminders(deps: ReminderDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const due = await findDueSoon(trx, new Date(now.getTime() + REMINDER_DAYS_AHEAD * 86_400_000));
    const staff = await findActiveStaff(trx, [...new Set(due.map((request) => request.organization.id))]);
    const inbox = new Map<
      string,
      { email: string; name: string; organization: { id: string; slug: string; name: string }; items: ReminderItem[] }
    >();
    for (const request of due) {
      const members = staff.filter((member) => member.organizationId === request.organization.id);
      const assignee = members.find((member) => member.id === request.assigneeId);
      const recipients = assignee ? [assignee] : members.filter((member) => member.role === 'PRIVACY_OFFICER' || member.role === 'ADMIN');
      for (const recipient of recipients) {
        const key = `${recipient.id}:${request.organization.id}`;
        const entry = inbox.get(key) ?? { email: recipient.email, name: recipient.name, organization: request.organization, items: [] };
        entry.items.push({ id: request.id, reference: request.reference, dueAt: request.dueAt, daysLeft: daysLeft(request.dueAt, now) });
        inbox.set(key, entry);
      }
    }
    for (const entry of inbox.values()) {
      await enqueueMail(trx, reminderMail(deps.publicUrl, entry.organization, entry, entry.items), deps.clock);
    }
    return inbox.size;
  });
}
