import { ConfigError, loadConfig } from '@governance/api/config';
import { RETENTION_SWEEP_TASK, retentionSweepCrontab, startRetentionSweep } from '@governance/api/jobs/retention-sweep';
import { fixedClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { createOrganization, createStaff } from '../helpers/staff.ts';
import { exists, insertSession } from './fixtures.ts';

const clock = fixedClock('2026-11-22T12:00:00.000Z');

describe('the retention sweep job', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('sweeps every organization when its crontab fires, and registers the crontab', { timeout: 60_000 }, async () => {
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    const staff = await createStaff(database, 'officer@globex.test', { organization: 'globex', role: 'PRIVACY_OFFICER' });
    const old = await insertSession(database.db, staff, new Date('2026-01-01T00:00:00Z'));
    const job = await startRetentionSweep(createTestServices(database, clock), database.url, '*/5 * * * *');
    try {
      // What the crontab does on each tick.
      await sql`select graphile_worker.add_job(${RETENTION_SWEEP_TASK})`.execute(database.owner);
      // At once when the worker's LISTEN is up; by its next poll (10 s) if the job came before it.
      await eventually(
        async () => (await database.db.selectFrom('retention_run').select('id').where('status', '=', 'COMPLETED').execute()).length === 2,
        45_000,
      );
      const runs = await database.db.selectFrom('retention_run').select(['started_by', 'started_at']).execute();
      expect(runs).toEqual([
        { started_by: 'job', started_at: clock.now() },
        { started_by: 'job', started_at: clock.now() },
      ]);
      expect(await exists(database.db, 'user_session', old)).toBe(false);
      await eventually(async () => {
        const { rows } = await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs`.execute(
          database.owner,
        );
        return rows.some((row) => row.identifier === RETENTION_SWEEP_TASK);
      });
    } finally {
      await job.close();
    }
  });

  it('runs hourly unless RETENTION_SWEEP_CRON says otherwise, which must be a crontab schedule', () => {
    expect(loadConfig({}).retentionSweepCron).toBe('0 * * * *');
    expect(loadConfig({ RETENTION_SWEEP_CRON: '30 2 * * *' }).retentionSweepCron).toBe('30 2 * * *');
    expect(() => loadConfig({ RETENTION_SWEEP_CRON: 'hourly' })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_SWEEP_CRON: 'hourly' })).toThrow(/RETENTION_SWEEP_CRON: must be a crontab schedule of five fields/);
    expect(retentionSweepCrontab('30 2 * * *')).toBe('30 2 * * * retention_sweep ?max=1');
  });
});
