// pnpm cli retention:sweep, run as a person would: a line per category, the
// same counts with --dry-run (which changes nothing), and clear refusals.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff } from '../helpers/staff.ts';
import { exists, insertSession, setSetting } from './fixtures.ts';

const DAY = 86_400_000;

describe('pnpm cli retention:sweep', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const sweep = (...args: string[]) => runCli('cli', ['retention:sweep', ...args], env);
  let old: string;
  let recent: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { privateKey } = generateKeyPairSync('ed25519');
    env = { DATABASE_URL: database.url, AUDIT_SIGNING_KEY: String(privateKey.export({ type: 'pkcs8', format: 'pem' })) };
    const acme = await createOrganization(database.db, 'acme');
    const staff = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await setSetting(database.db, acme, 'customer-data', 'P30D');
    // The command runs on the real clock.
    old = await insertSession(database.db, staff, new Date(Date.now() - 200 * DAY));
    recent = await insertSession(database.db, staff, new Date(Date.now() - DAY));
  });
  afterAll(() => database.drop());

  it('--dry-run prints what each rule would remove and changes nothing (as its own process)', async () => {
    const result = await runCliProcess('cli', ['retention:sweep', '--org', 'acme', '--dry-run'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Retention sweep of acme at \S+Z:\n/);
    expect(result.stdout).toMatch(/\n {2}staff-sessions: 1 deleted \(delete-ended-sessions; period P90D; cutoff \S+Z\)\n/);
    expect(result.stdout).toContain('\n  unverified-deletion-requests: 0 expired (expire-unverified-requests; period P30D;');
    expect(result.stdout).toContain('\n  audit-events: kept indefinitely, nothing swept\n');
    expect(result.stdout).toContain('\n  customer-data: not enforced by this system\n');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('(dry run: nothing changed)');
    expect(await exists(database.db, 'user_session', old)).toBe(true);
    expect(await database.db.selectFrom('retention_run').select('id').execute()).toEqual([]);
  });

  it('a run removes the same and records itself', async () => {
    const result = await sweep('--org', 'acme');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Retention sweep of acme at \S+Z \(run [0-9a-f-]{36}\):\n/);
    expect(result.stdout).toContain('\n  staff-sessions: 1 deleted (delete-ended-sessions; period P90D;');
    expect(result.stdout).not.toContain('dry run');
    expect(await exists(database.db, 'user_session', old)).toBe(false);
    expect(await exists(database.db, 'user_session', recent)).toBe(true);
    const runs = await database.db.selectFrom('retention_run').select(['status', 'started_by']).execute();
    expect(runs).toEqual([{ status: 'COMPLETED', started_by: 'cli' }]);
  });

  it.each([
    [[], /--org is required[\s\S]*Usage: pnpm cli retention:sweep --org <slug> \[--dry-run\]/],
    [['--org'], /argument missing|--org/],
    [['--org', 'acme', '--force'], /Unknown option '--force'/],
    [['--org', 'nobody'], /No organization "nobody"\./],
  ])('exits 2 for %j', async (args, message) => {
    const result = await sweep(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
