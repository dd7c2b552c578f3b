import { systemPrincipal } from '@governance/api/auth/principal';
// The sweep against real PostgreSQL with the clock pinned: each built-in rule
// removes what lies just outside its period and keeps what lies just inside,
// a dry run counts exactly what a run then does, a second run does nothing,
// and sweeps started at once do the work once.
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { lockOrganization } from '@governance/api/retention/retention.repository';
import { type SweepResult, sweepOrganization } from '@governance/api/retention/sweep.service';
import { fixedClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { createOrganization, createStaff } from '../helpers/staff.ts';
import {
  exists,
  insertIdledSession,
  insertMail,
  insertRequest,
  insertSession,
  insertSubscription,
  insertToken,
  ms,
  setSetting,
  sweptEvents,
} from './fixtures.ts';

/** The sweep acts for the system, as the job and the command do. */
const AS_SYSTEM = systemPrincipal('test');

const NOW = new Date('2026-11-22T12:00:00.000Z');
const clock = fixedClock(NOW);
/** Cutoffs of the default periods at NOW. */
const CUTOFF = {
  sessions: new Date('2026-08-24T12:00:00.000Z'), // P90D
  mail: new Date('2026-10-23T12:00:00.000Z'), // P30D
  tokens: new Date('2025-11-22T12:00:00.000Z'), // P1Y
  unverified: new Date('2026-10-23T12:00:00.000Z'), // P30D
  personalData: new Date('2024-11-22T12:00:00.000Z'), // P24M
  subscribers: new Date('2026-11-15T12:00:00.000Z'), // P7D
};

const counts = (result: SweepResult) => Object.fromEntries(result.outcomes.map((outcome) => [outcome.category, outcome.count]));

/** How many advisory locks sessions of this database are waiting for. */
async function advisoryLocksAwaited(db: Parameters<typeof lockOrganization>[0]): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    select count(*) as count from pg_locks
    where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(
    db,
  );
  return Number(rows[0]?.count);
}

describe('the retention sweep', () => {
  let database: TestDatabase;
  const deps = () => ({ db: database.db, clock, signingKey: null, auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  describe('at the edge of each default period', () => {
    let acme: string;
    let ids: Record<string, string>;
    let dryRun: SweepResult;
    let run: SweepResult;

    beforeAll(async () => {
      acme = await createOrganization(database.db, 'acme');
      const globex = await createOrganization(database.db, 'globex');
      const staff = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
      const outsider = await createStaff(database, 'admin@globex.test', { organization: 'globex', role: 'ADMIN' });
      const { db } = database;
      ids = {
        sessionOutside: await insertSession(db, staff, ms(CUTOFF.sessions, -1)),
        sessionInside: await insertSession(db, staff, ms(CUTOFF.sessions, 1)),
        sessionIdledOutside: await insertIdledSession(db, staff, ms(CUTOFF.sessions, -1)),
        sessionOpen: await insertSession(db, staff, null),
        sessionOfOtherOrganization: await insertSession(db, outsider, ms(CUTOFF.sessions, -1)),
        mailDeliveredOutside: await insertMail(db, acme, { deliveredAt: ms(CUTOFF.mail, -1) }),
        mailFailedOutside: await insertMail(db, acme, { failedAt: ms(CUTOFF.mail, -1) }),
        mailDeliveredInside: await insertMail(db, acme, { deliveredAt: ms(CUTOFF.mail, 1) }),
        mailUndelivered: await insertMail(db, acme, {}),
        mailOfOtherOrganization: await insertMail(db, globex, { deliveredAt: ms(CUTOFF.mail, -1) }),
        tokenRevokedOutside: await insertToken(db, acme, staff, { revokedAt: ms(CUTOFF.tokens, -1) }),
        tokenExpiredOutside: await insertToken(db, acme, staff, { expiresAt: ms(CUTOFF.tokens, -1) }),
        tokenRevokedInside: await insertToken(db, acme, staff, { revokedAt: ms(CUTOFF.tokens, 1) }),
        tokenActive: await insertToken(db, acme, staff, {}),
        unverifiedOutside: await insertRequest(db, acme, { receivedAt: ms(CUTOFF.unverified, -1) }),
        unverifiedInside: await insertRequest(db, acme, { receivedAt: ms(CUTOFF.unverified, 1) }),
        verifiedOld: await insertRequest(db, acme, { receivedAt: ms(CUTOFF.unverified, -86_400_000), status: 'VERIFIED' }),
        closedOutside: await insertRequest(db, acme, {
          receivedAt: new Date('2024-09-01T00:00:00Z'),
          status: 'COMPLETED',
          closedAt: ms(CUTOFF.personalData, -1),
        }),
        closedInside: await insertRequest(db, acme, {
          receivedAt: new Date('2024-09-01T00:00:00Z'),
          status: 'REJECTED',
          closedAt: ms(CUTOFF.personalData, 1),
        }),
        openOld: await insertRequest(db, acme, { receivedAt: new Date('2024-01-01T00:00:00Z'), status: 'IN_PROGRESS' }),
        pendingOutside: await insertSubscription(db, acme, { status: 'PENDING', createdAt: ms(CUTOFF.subscribers, -1) }),
        pendingInside: await insertSubscription(db, acme, { status: 'PENDING', createdAt: ms(CUTOFF.subscribers, 1) }),
        endedOutside: await insertSubscription(db, acme, {
          status: 'UNSUBSCRIBED',
          createdAt: new Date('2026-01-01T00:00:00Z'),
          unsubscribedAt: ms(CUTOFF.subscribers, -1),
        }),
        endedInside: await insertSubscription(db, acme, {
          status: 'UNSUBSCRIBED',
          createdAt: new Date('2026-01-01T00:00:00Z'),
          unsubscribedAt: ms(CUTOFF.subscribers, 1),
        }),
        confirmedOld: await insertSubscription(db, acme, { status: 'CONFIRMED', createdAt: new Date('2025-01-01T00:00:00Z') }),
        pendingOfOtherOrganization: await insertSubscription(db, globex, { status: 'PENDING', createdAt: ms(CUTOFF.subscribers, -1) }),
      };
      // A device's status handle on each closed request: erasure takes the erased request's with it.
      for (const [slot, request] of [ids.closedOutside, ids.closedInside].entries())
        await db
          .insertInto('deletion_request_status_handle')
          .values({ request_id: request as string, slot: 0, token_hash: String(slot).repeat(64), created_at: NOW })
          .execute();
      dryRun = await sweepOrganization(deps(), AS_SYSTEM, 'acme', { dryRun: true, startedBy: 'cli' });
      run = await sweepOrganization(deps(), AS_SYSTEM, 'acme', { dryRun: false, startedBy: 'cli' });
    });

    it('a dry run reports exactly what the run then does', () => {
      const expected = {
        'unverified-deletion-requests': 1,
        'deletion-request-personal-data': 1,
        'unverified-subprocessor-objections': 0,
        'subprocessor-objector-contacts': 0,
        'privacy-request-packages': 0,
        'staff-sessions': 2,
        'mail-outbox': 2,
        'change-subscribers': 2,
        'api-tokens': 2,
        'audit-events': 0,
      };
      expect(counts(dryRun)).toEqual(expected);
      expect(counts(run)).toEqual(expected);
      expect(dryRun.runId).toBeNull();
      expect(run.runId).not.toBeNull();
    });

    it('deletes sessions that ended just outside the period and keeps those just inside, open ones and other organizations’', async () => {
      const { db } = database;
      expect(await exists(db, 'user_session', ids.sessionOutside as string)).toBe(false);
      expect(await exists(db, 'user_session', ids.sessionIdledOutside as string)).toBe(false);
      expect(await exists(db, 'user_session', ids.sessionInside as string)).toBe(true);
      expect(await exists(db, 'user_session', ids.sessionOpen as string)).toBe(true);
      expect(await exists(db, 'user_session', ids.sessionOfOtherOrganization as string)).toBe(true);
    });

    it('deletes mail delivered or given up just outside the period; keeps the rest', async () => {
      const { db } = database;
      expect(await exists(db, 'mail_outbox', ids.mailDeliveredOutside as string)).toBe(false);
      expect(await exists(db, 'mail_outbox', ids.mailFailedOutside as string)).toBe(false);
      expect(await exists(db, 'mail_outbox', ids.mailDeliveredInside as string)).toBe(true);
      expect(await exists(db, 'mail_outbox', ids.mailUndelivered as string)).toBe(true);
      expect(await exists(db, 'mail_outbox', ids.mailOfOtherOrganization as string)).toBe(true);
    });

    it('deletes subscriptions pending or ended just outside the period; keeps the rest and confirmed ones', async () => {
      const { db } = database;
      expect(await exists(db, 'change_subscription', ids.pendingOutside as string)).toBe(false);
      expect(await exists(db, 'change_subscription', ids.endedOutside as string)).toBe(false);
      expect(await exists(db, 'change_subscription', ids.pendingInside as string)).toBe(true);
      expect(await exists(db, 'change_subscription', ids.endedInside as string)).toBe(true);
      expect(await exists(db, 'change_subscription', ids.confirmedOld as string)).toBe(true);
      expect(await exists(db, 'change_subscription', ids.pendingOfOtherOrganization as string)).toBe(true);
    });

    it('deletes tokens revoked or expired just outside the period; keeps the rest', async () => {
      const { db } = database;
      expect(await exists(db, 'api_token', ids.tokenRevokedOutside as string)).toBe(false);
      expect(await exists(db, 'api_token', ids.tokenExpiredOutside as string)).toBe(false);
      expect(await exists(db, 'api_token', ids.tokenRevokedInside as string)).toBe(true);
      expect(await exists(db, 'api_token', ids.tokenActive as string)).toBe(true);
    });

    it('expires unverified requests through the lifecycle, with a public timeline event', async () => {
      const { db } = database;
      const rows = await db
        .selectFrom('deletion_request')
        .select(['id', 'status', 'closed_at', 'version'])
        .where('id', 'in', [ids.unverifiedOutside as string, ids.unverifiedInside as string, ids.verifiedOld as string])
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get(ids.unverifiedOutside as string)).toMatchObject({ status: 'EXPIRED', closed_at: NOW, version: 2 });
      expect(byId.get(ids.unverifiedInside as string)).toMatchObject({ status: 'UNVERIFIED', closed_at: null, version: 1 });
      expect(byId.get(ids.verifiedOld as string)).toMatchObject({ status: 'VERIFIED', version: 1 });
      const events = await db
        .selectFrom('deletion_request_event')
        .select(['kind', 'from_status', 'to_status', 'public', 'actor_label'])
        .where('request_id', '=', ids.unverifiedOutside as string)
        .where('kind', '=', 'EXPIRED')
        .execute();
      expect(events).toEqual([{ kind: 'EXPIRED', from_status: 'UNVERIFIED', to_status: 'EXPIRED', public: true, actor_label: 'system' }]);
    });

    it('erases the personal data of requests closed just outside the period and their devices’ status handles, keeping the email hash and the note rows', async () => {
      const { db } = database;
      const erased = await db
        .selectFrom('deletion_request')
        .selectAll()
        .where('id', '=', ids.closedOutside as string)
        .executeTakeFirstOrThrow();
      expect(erased).toMatchObject({
        email: null,
        name: null,
        account_identifier: null,
        details: null,
        personal_data_erased_at: NOW,
        version: 2,
      });
      expect(erased.email_hash).toMatch(/^[0-9a-f]{64}$/);
      const handles = await db.selectFrom('deletion_request_status_handle').select('request_id').execute();
      expect(handles).toEqual([{ request_id: ids.closedInside }]);
      const kept = await db
        .selectFrom('deletion_request')
        .selectAll()
        .where('id', '=', ids.closedInside as string)
        .executeTakeFirstOrThrow();
      expect(kept.email).not.toBeNull();
      expect(kept.personal_data_erased_at).toBeNull();
      const open = await db
        .selectFrom('deletion_request')
        .select('email')
        .where('id', '=', ids.openOld as string)
        .executeTakeFirstOrThrow();
      expect(open.email).not.toBeNull();
      const timeline = await db
        .selectFrom('deletion_request_event')
        .select(['kind', 'details', 'public'])
        .where('request_id', '=', ids.closedOutside as string)
        .orderBy('id')
        .execute();
      expect(timeline).toEqual([
        { kind: 'NOTE', details: {}, public: false },
        { kind: 'VERIFIED', details: { by: 'staff' }, public: true },
        // What kind of hold stays; what staff wrote to the person goes.
        { kind: 'HELD', details: { reason: 'IDENTITY_PROOF' }, public: true },
        { kind: 'PERSONAL_DATA_ERASED', details: { period: 'P24M' }, public: true },
      ]);
      const keptNote = await db
        .selectFrom('deletion_request_event')
        .select('details')
        .where('request_id', '=', ids.closedInside as string)
        .orderBy('id')
        .execute();
      expect(keptNote.map((event) => event.details)).toEqual([
        { note: 'Called the requester at +1 555 0100.' },
        { by: 'staff', reason: "Jane Doe's passport checked at the front desk." },
        { reason: 'IDENTITY_PROOF', message: 'Jane, please send a copy of your passport.' },
      ]);
    });

    it('records one retention.swept event per rule with its count, and a completed run', async () => {
      const events = await sweptEvents(database.db, acme);
      expect(events.map((event) => [event.category, event.count])).toEqual([
        ['unverified-deletion-requests', 1],
        ['deletion-request-personal-data', 1],
        ['unverified-subprocessor-objections', 0],
        ['subprocessor-objector-contacts', 0],
        ['privacy-request-packages', 0],
        ['staff-sessions', 2],
        ['mail-outbox', 2],
        ['change-subscribers', 2],
        ['api-tokens', 2],
      ]);
      expect(events[5]).toEqual({
        category: 'staff-sessions',
        rule: 'delete-ended-sessions',
        period: 'P90D',
        cutoff: CUTOFF.sessions.toISOString(),
        count: 2,
        dryRun: false,
      });
      const runRow = await database.db
        .selectFrom('retention_run')
        .selectAll()
        .where('id', '=', run.runId as string)
        .executeTakeFirstOrThrow();
      expect(runRow).toMatchObject({ status: 'COMPLETED', started_at: NOW, finished_at: NOW, started_by: 'cli' });
    });

    it('a second run finds nothing to do', async () => {
      const again = await sweepOrganization(deps(), AS_SYSTEM, 'acme', { dryRun: false, startedBy: 'job' });
      expect(Object.values(counts(again)).every((count) => count === 0)).toBe(true);
      expect(again.runId).not.toBe(run.runId);
    });
  });

  describe('settings', () => {
    it('a setting replaces the default period, INDEFINITE turns a rule off, and unknown categories are reported as not enforced', async () => {
      const initech = await createOrganization(database.db, 'initech');
      const staff = await createStaff(database, 'admin@initech.test', { organization: 'initech', role: 'ADMIN' });
      await setSetting(database.db, initech, 'staff-sessions', 'P7D');
      await setSetting(database.db, initech, 'api-tokens', 'INDEFINITE');
      await setSetting(database.db, initech, 'customer-data', 'P30D');
      const recent = await insertSession(database.db, staff, ms(NOW, -8 * 86_400_000));
      const kept = await insertSession(database.db, staff, ms(NOW, -6 * 86_400_000));
      const oldToken = await insertToken(database.db, initech, staff, { revokedAt: new Date('2020-01-01T00:00:00Z') });

      const result = await sweepOrganization(deps(), AS_SYSTEM, 'initech', { dryRun: false, startedBy: 'cli' });
      const byCategory = new Map(result.outcomes.map((outcome) => [outcome.category, outcome]));
      expect(byCategory.get('staff-sessions')).toMatchObject({ status: 'SWEPT', period: 'P7D', count: 1 });
      expect(byCategory.get('api-tokens')).toMatchObject({ status: 'KEPT_INDEFINITELY', count: 0 });
      expect(byCategory.get('audit-events')).toMatchObject({ status: 'KEPT_INDEFINITELY', count: 0 });
      expect(byCategory.get('customer-data')).toMatchObject({ status: 'NOT_ENFORCED', rule: null });
      expect(await exists(database.db, 'user_session', recent)).toBe(false);
      expect(await exists(database.db, 'user_session', kept)).toBe(true);
      expect(await exists(database.db, 'api_token', oldToken)).toBe(true);
    });

    it('refuses an unknown organization by name', async () => {
      await expect(sweepOrganization(deps(), AS_SYSTEM, 'nobody', { dryRun: true, startedBy: 'cli' })).rejects.toMatchObject({
        code: 'UNKNOWN_ORGANIZATION',
        message: 'There is no organization "nobody".',
      });
    });
  });

  describe('concurrency and interruption', () => {
    it('two sweeps started at once do the work once, in bounded batches, and share one run', async () => {
      const hooli = await createOrganization(database.db, 'hooli');
      const staff = await createStaff(database, 'officer@hooli.test', { organization: 'hooli', role: 'PRIVACY_OFFICER' });
      for (let index = 0; index < 45; index++) await insertSession(database.db, staff, ms(CUTOFF.sessions, -1000 - index));
      const small = { ...deps(), batchSize: 10 };
      // Both must really start at once, however busy the machine: the organization's lock is held
      // until both sweeps wait for it, so neither can finish before the other has begun.
      const [first, second] = await database.owner.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        await lockOrganization(connection, hooli);
        const sweeps = Promise.all([
          sweepOrganization(small, AS_SYSTEM, 'hooli', { dryRun: false, startedBy: 'job' }),
          sweepOrganization(small, AS_SYSTEM, 'hooli', { dryRun: false, startedBy: 'cli' }),
        ]);
        await eventually(async () => (await advisoryLocksAwaited(connection)) === 2);
        await sql`commit`.execute(connection);
        return sweeps;
      });
      expect(first.runId).toBe(second.runId);
      expect(counts(first)['staff-sessions']).toBe(45);
      expect(counts(second)['staff-sessions']).toBe(45);
      const remaining = await database.db
        .selectFrom('user_session')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', staff)
        .executeTakeFirstOrThrow();
      expect(Number(remaining.count)).toBe(0);
      const events = (await sweptEvents(database.db, hooli)).filter((event) => event.category === 'staff-sessions');
      expect(events).toEqual([expect.objectContaining({ count: 45 })]);
      expect(await database.db.selectFrom('retention_run').select('id').where('organization_id', '=', hooli).execute()).toHaveLength(1);
    });

    it('an interrupted run is resumed with its own cutoffs and counts', async () => {
      const umbrella = await createOrganization(database.db, 'umbrella');
      const staff = await createStaff(database, 'officer@umbrella.test', { organization: 'umbrella', role: 'PRIVACY_OFFICER' });
      const startedAt = new Date('2026-11-22T11:00:00.000Z');
      const cutoff = new Date('2026-08-24T11:00:00.000Z');
      // Due by the run's own cutoff, and one ended after it: due by now's cutoff, but not the run's.
      await insertSession(database.db, staff, ms(cutoff, -1));
      const afterRunCutoff = await insertSession(database.db, staff, ms(cutoff, 30 * 60_000));
      // A process died after committing the first batch of staff sessions (3 deleted).
      const interrupted = await database.db
        .insertInto('retention_run')
        .values({
          organization_id: umbrella,
          started_at: startedAt,
          started_by: 'job',
          rules: JSON.stringify({
            'unverified-deletion-requests': {
              rule: 'expire-unverified-requests',
              period: 'P30D',
              cutoff: '2026-10-23T11:00:00.000Z',
              count: 0,
              done: true,
            },
            'staff-sessions': { rule: 'delete-ended-sessions', period: 'P90D', cutoff: cutoff.toISOString(), count: 3, done: false },
          }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      const resumed = await sweepOrganization(deps(), AS_SYSTEM, 'umbrella', { dryRun: false, startedBy: 'cli' });
      expect(resumed.runId).toBe(interrupted.id);
      expect(resumed.at).toEqual(startedAt);
      expect(counts(resumed)['staff-sessions']).toBe(4);
      expect(await exists(database.db, 'user_session', afterRunCutoff)).toBe(true);
      const events = await sweptEvents(database.db, umbrella);
      // The rule finished before the interruption is not recorded twice.
      expect(events.map((event) => event.category)).toEqual([
        'deletion-request-personal-data',
        'unverified-subprocessor-objections',
        'subprocessor-objector-contacts',
        'privacy-request-packages',
        'staff-sessions',
        'mail-outbox',
        'change-subscribers',
        'api-tokens',
      ]);
      const row = await database.db
        .selectFrom('retention_run')
        .select(['status'])
        .where('id', '=', interrupted.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('COMPLETED');
    });
  });
});
