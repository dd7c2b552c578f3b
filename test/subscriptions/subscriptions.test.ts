// Subscribing to an organization's changes: double opt-in, the same answer
// whoever asks, bounded input, one pending subscription per person, one-click
// unsubscribe (RFC 8058) in every mail, and addresses that do not outlive
// their purpose.
import { systemPrincipal } from '@governance/api/auth/principal';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport } from '@governance/api/mail/transport';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { createLogger } from '@governance/api/shared/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startSmtpServer } from '../mail/smtp.ts';
import { acmeSeed, announceChanges, confirm, mailTo, subscribe, subscriber, sync, tokenFrom, unsubscribe } from './fixtures.ts';

const DAY = 86_400_000;

describe('subscriptions to changes', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-11-20T10:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    await sync(database.db, await acmeSeed());
    api = createTestApi(database, clock);
  });
  afterAll(() => database.drop());

  const subscriptionsOf = (email: string) =>
    database.owner.selectFrom('change_subscription').select(['status', 'topics', 'email']).where('email', '=', email).execute();

  it('answers a request for an address that already follows the organization exactly as for a new one', async () => {
    await subscriber(api, database.owner, 'known@example.com', ['POLICIES']);
    const known = await subscribe(api, 'known@example.com', ['POLICIES']);
    const unknown = await subscribe(api, 'unknown@example.com', ['POLICIES']);
    expect(known).toEqual(unknown);
    expect(known).toEqual({ __typename: 'MutationSubscribeToChangesSuccess', data: { confirmationSent: true } });
  });

  it('sends nothing but the confirmation mail before the address is confirmed, and confirms once', async () => {
    await subscribe(api, 'optin@example.com', ['SUBPROCESSORS']);
    expect((await mailTo(database.owner, 'optin@example.com')).map((mail) => mail.kind)).toEqual(['SUBSCRIPTION_CONFIRMATION']);
    expect(await subscriptionsOf('optin@example.com')).toEqual([
      { status: 'PENDING', topics: ['SUBPROCESSORS'], email: 'optin@example.com' },
    ]);
    const token = await tokenFrom(database.owner, 'optin@example.com', 'confirm');
    expect(await confirm(api, token)).toEqual({ __typename: 'MutationConfirmSubscriptionSuccess', data: { topics: ['SUBPROCESSORS'] } });
    expect(await subscriptionsOf('optin@example.com')).toEqual([
      { status: 'CONFIRMED', topics: ['SUBPROCESSORS'], email: 'optin@example.com' },
    ]);
    // A used link does not work twice.
    expect(await confirm(api, token)).toMatchObject({ __typename: 'InputError', code: 'SUBSCRIPTION_LINK_INVALID' });
  });

  it('replaces a pending subscription rather than adding one, and the earlier link stops working', async () => {
    await subscribe(api, 'twice@example.com', ['POLICIES']);
    const first = await tokenFrom(database.owner, 'twice@example.com', 'confirm');
    clock.advance(1000);
    await subscribe(api, 'Twice@Example.com ', ['POLICIES', 'SUBPROCESSORS']);
    expect(await subscriptionsOf('twice@example.com')).toEqual([
      { status: 'PENDING', topics: ['POLICIES', 'SUBPROCESSORS'], email: 'twice@example.com' },
    ]);
    expect(await confirm(api, first)).toMatchObject({ code: 'SUBSCRIPTION_LINK_INVALID' });
    expect(await confirm(api, await tokenFrom(database.owner, 'twice@example.com', 'confirm'))).toMatchObject({
      data: { topics: ['POLICIES', 'SUBPROCESSORS'] },
    });
  });

  it('keeps one subscription for a subscriber who confirms again, with the topics confirmed last', async () => {
    await subscriber(api, database.owner, 'change@example.com', ['POLICIES']);
    clock.advance(1000);
    await subscriber(api, database.owner, 'change@example.com', ['SUBPROCESSORS']);
    expect(await subscriptionsOf('change@example.com')).toEqual([
      { status: 'CONFIRMED', topics: ['SUBPROCESSORS'], email: 'change@example.com' },
    ]);
  });

  it('refuses a confirmation link once it expired', async () => {
    await subscribe(api, 'late@example.com', ['POLICIES']);
    const token = await tokenFrom(database.owner, 'late@example.com', 'confirm');
    clock.advance(7 * DAY);
    try {
      expect(await confirm(api, token)).toMatchObject({ code: 'SUBSCRIPTION_LINK_INVALID' });
    } finally {
      clock.advance(-7 * DAY);
    }
  });

  it('refuses bad input as BAD_USER_INPUT naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-address' }, 'email'],
      [{ email: '' }, 'email'],
      [{ email: `${'a'.repeat(250)}@example.com` }, 'email'],
      [{ email: 'nul\u0000@example.com' }, 'email'],
      [{ topics: [] }, 'topics'],
      [{ organization: 'no-such-org' }, 'organization'],
      [{ organization: 'acme\u0000' }, 'organization'],
    ];
    for (const [override, field] of cases) {
      const response = await api.query<{ subscribeToChanges: { __typename: string; code?: string; field?: string } }>(
        `mutation($input: SubscribeToChangesInput!) { subscribeToChanges(input: $input) { __typename ... on InputError { code field } } }`,
        { input: { organization: 'acme', email: 'someone@example.com', topics: ['POLICIES'], ...override } },
      );
      // Text PostgreSQL cannot store is refused by the gate every field's arguments pass (a GraphQL error); the rest as data.
      const refusal = response.errors?.[0]?.extensions ?? response.data?.subscribeToChanges;
      expect(refusal, JSON.stringify(override)).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringContaining(field) });
    }
    const tooLong = await confirm(api, `csc_${'x'.repeat(200)}`);
    expect(tooLong).toMatchObject({ __typename: 'InputError', code: 'BAD_USER_INPUT' });
  });

  it('limits requests per email, spending nothing on refused ones, exactly under concurrency', async () => {
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => subscribe(api, 'crowd@example.com', ['POLICIES'])));
    const accepted = outcomes.filter((outcome) => outcome?.__typename === 'MutationSubscribeToChangesSuccess');
    // DEFAULT_SUBSCRIBE_LIMITS: three per email an hour.
    expect(accepted).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome?.code === 'RATE_LIMITED')).toHaveLength(9);
    expect(await mailTo(database.owner, 'crowd@example.com')).toHaveLength(3);
    // Still one pending subscription, however many were accepted at once.
    expect(await subscriptionsOf('crowd@example.com')).toHaveLength(1);
  });

  it('puts a one-click unsubscribe link (RFC 8058 List-Unsubscribe and List-Unsubscribe-Post) in every subscription mail', async () => {
    const root = await acmeSeed();
    await sync(database.db, root);
    await subscriber(api, database.owner, 'headers@example.com', ['POLICIES', 'SUBPROCESSORS']);
    await announceChanges(root);
    // Queued now, so due now.
    await sync(database.db, root, clock.now().toISOString());
    const smtp = await startSmtpServer();
    const logger = createLogger('silent');
    const transport = createMailTransport({ smtpUrl: smtp.url, from: 'Portal <no-reply@portal.test>', directory: '/nonexistent' }, logger);
    try {
      await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'));
    } finally {
      transport.close();
      await smtp.stop();
    }
    const received = smtp.received.filter((mail) => mail.to.includes('headers@example.com'));
    expect(received.map((mail) => mail.header('Subject'))).toHaveLength(3);
    for (const mail of received) {
      const link = /^<(http:\/\/portal\.test\/acme\/changes\/unsubscribe\/\?token=csu_[\w-]{43})>$/.exec(
        mail.header('List-Unsubscribe') ?? '',
      );
      expect(link, mail.header('Subject')).not.toBeNull();
      expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // The same link is in the text, for mail programs that show no button.
      const text = mail.body.replace(/=\r\n/g, '').replace(/=3D/g, '=');
      expect(text).toContain(link?.[1]);
    }
    // Delivered: the link, a secret, is no longer kept in the outbox.
    const kept = await database.owner
      .selectFrom('mail_outbox')
      .select('list_unsubscribe_url')
      .where('recipient', '=', 'headers@example.com')
      .execute();
    expect(kept.every((row) => row.list_unsubscribe_url === null)).toBe(true);
    // Each notice records when its message was delivered, a fact that outlives the outbox row.
    const notices = await database.owner
      .selectFrom('change_notice')
      .innerJoin('change_subscription', 'change_subscription.id', 'change_notice.subscription_id')
      .select(['change_notice.delivered_at', 'change_notice.failed_at'])
      .where('change_subscription.email', '=', 'headers@example.com')
      .execute();
    expect(notices).toHaveLength(2);
    expect(notices.every((notice) => notice.delivered_at instanceof Date && notice.failed_at === null)).toBe(true);
  });

  it('unsubscribes with any mail’s link, erasing the address at once, and answers the same when repeated', async () => {
    await subscriber(api, database.owner, 'leaving@example.com', ['POLICIES']);
    const token = await tokenFrom(database.owner, 'leaving@example.com', 'unsubscribe');
    expect(await unsubscribe(api, token)).toEqual({ __typename: 'MutationUnsubscribeFromChangesSuccess' });
    expect(await subscriptionsOf('leaving@example.com')).toEqual([]);
    const ended = await database.owner
      .selectFrom('change_subscription')
      .select(['status', 'email'])
      .where('status', '=', 'UNSUBSCRIBED')
      .execute();
    expect(ended.every((row) => row.email === null)).toBe(true);
    expect(await unsubscribe(api, token)).toEqual({ __typename: 'MutationUnsubscribeFromChangesSuccess' });
  });

  it('retention deletes unconfirmed and ended subscriptions, and no canary address survives in the subscription tables', async () => {
    const canaries = ['canary-pending@example.com', 'canary-ended@example.com'];
    await subscribe(api, canaries[0] as string, ['POLICIES']);
    await subscriber(api, database.owner, canaries[1] as string, ['POLICIES']);
    await unsubscribe(api, await tokenFrom(database.owner, canaries[1] as string, 'unsubscribe'));
    const containing = async (text: string) => {
      const { rows } = await sql<{ count: string }>`
        select count(*) as count from change_subscription s
        where s::text like ${`%${text}%`}`.execute(database.owner);
      return Number(rows[0]?.count);
    };
    expect(await containing(canaries[0] as string)).toBe(1);
    expect(await containing(canaries[1] as string)).toBe(0);
    const before = await database.owner
      .selectFrom('change_subscription')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();

    clock.advance(8 * DAY);
    try {
      const deps = { db: database.db, clock, signingKey: null, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR };
      const run = await sweepOrganization(deps, systemPrincipal('test'), 'acme', { dryRun: false, startedBy: 'job' });
      expect(run.outcomes.find((outcome) => outcome.category === 'change-subscribers')).toMatchObject({ status: 'SWEPT' });
    } finally {
      clock.advance(-8 * DAY);
    }
    expect(await containing(canaries[0] as string)).toBe(0);
    const remaining = await database.owner.selectFrom('change_subscription').select('status').execute();
    expect(remaining.every((row) => row.status === 'CONFIRMED')).toBe(true);
    expect(remaining.length).toBeLessThan(Number(before.count));
  });
});
