import { systemPrincipal } from '@governance/api/auth/principal';
import { sendDeadlineReminders } from '@governance/api/deletion-requests/reminders.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, TEST_PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff } from '../helpers/staff.ts';

const DAY = 86_400_000;

describe('daily deadline reminders to staff', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-03-01T07:00:00.000Z');
  let assignee: string;
  const references: Record<string, string> = {};

  /** A request of acme received `daysAgo` days before now (OTHER: due 30 days after receipt). */
  async function received(name: string, daysAgo: number, change: Record<string, unknown> = {}) {
    const submitted = await submitForTest(api, { organization: 'acme', jurisdiction: 'OTHER' });
    const receivedAt = new Date(clock.now().getTime() - daysAgo * DAY);
    await database.owner
      .updateTable('deletion_request')
      .set({ received_at: receivedAt, due_at: new Date(receivedAt.getTime() + 30 * DAY), status: 'VERIFIED', ...change })
      .where('id', '=', submitted.id)
      .execute();
    references[name] = submitted.reference;
  }

  async function reminders() {
    return database.db
      .selectFrom('mail_outbox')
      .select(['recipient', 'subject', 'body_text'])
      .where('kind', '=', 'REMINDER')
      .orderBy('recipient')
      .execute();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    assignee = await createStaff(database, 'assignee@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await received('overdue', 31);
    await received('dueInTwoDays', 28);
    await received('assignedDueTomorrow', 29, { assignee_id: assignee });
    await received('dueLater', 10);
    await received('closed', 40, { status: 'COMPLETED', closed_at: clock.now() });
  });
  afterAll(() => database.drop());

  it('mails each officer and admin one list of the unassigned requests due soon or overdue, and an assignee theirs too', async () => {
    expect(await sendDeadlineReminders({ db: database.db, clock, publicUrl: TEST_PUBLIC_URL }, systemPrincipal('test'))).toBe(3);
    const sent = await reminders();
    expect(sent.map((mail) => mail.recipient)).toEqual(['admin@acme.test', 'assignee@acme.test', 'officer@acme.test']);
    const [admin, mine, officer] = sent;
    expect(officer?.body_text).toBe(admin?.body_text?.replace('Hello admin', 'Hello officer'));
    expect(officer?.subject).toBe('ACME: 2 deletion requests due soon, 1 overdue');
    expect(officer?.body_text).toContain(`${references.overdue}: due`);
    expect(officer?.body_text).toContain('overdue by 1 day');
    expect(officer?.body_text).toContain(`${references.dueInTwoDays}: due`);
    expect(officer?.body_text).toContain(`${TEST_PUBLIC_URL}/dashboard/requests/detail/?org=acme&id=`);
    for (const name of ['assignedDueTomorrow', 'dueLater', 'closed']) expect(officer?.body_text).not.toContain(references[name]);
    // The assignee is an officer too: the unassigned list, and the request only they were given.
    expect(mine?.body_text).toContain(`${references.assignedDueTomorrow}: due`);
    expect(mine?.body_text).toContain('1 day left');
    expect(mine?.body_text).toContain(references.overdue);
    // References and dates only: never the requester's address.
    for (const mail of sent) expect(mail.body_text).not.toContain('@example.com');
  });

  it('sends an assignee who can no longer sign in nothing, and their requests to the officers instead', async () => {
    await database.owner.deleteFrom('mail_outbox').where('kind', '=', 'REMINDER').execute();
    await database.owner.updateTable('app_user').set({ disabled_at: clock.now() }).where('id', '=', assignee).execute();
    await sendDeadlineReminders({ db: database.db, clock, publicUrl: TEST_PUBLIC_URL }, systemPrincipal('test'));
    const sent = await reminders();
    expect(sent.map((mail) => mail.recipient)).toEqual(['admin@acme.test', 'officer@acme.test']);
    expect(sent[1]?.body_text).toContain(references.assignedDueTomorrow);
  });
});
