import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helpers/api.ts';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, signIn } from '../helpers/staff.ts';

describe('pnpm cli user:create', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    env = { DATABASE_URL: database.url };
  });
  afterAll(() => database.drop());

  it('creates a user with an organization role, reading the password from standard input (as its own process)', async () => {
    const result = await runCliProcess(
      'cli',
      ['user:create', '--org', 'acme', '--email', 'Officer@Acme.test', '--role', 'PRIVACY_OFFICER'],
      env,
      'a long enough password\n',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Created officer@acme.test (PRIVACY_OFFICER of acme).\n');
    expect(result.code).toBe(0);
    const api = createTestApi(database, new Date().toISOString());
    const cookie = await signIn(api, 'officer@acme.test', 'a long enough password');
    expect((await api.query('{ me { memberships { organization role } } }', {}, { cookie })).data).toEqual({
      me: { memberships: [{ organization: 'acme', role: 'PRIVACY_OFFICER' }] },
    });
    const event = await database.db
      .selectFrom('audit_event_pending')
      .selectAll()
      .where('action', '=', 'user.created')
      .executeTakeFirstOrThrow();
    expect(event.actor_type).toBe('SYSTEM');
    expect(event.metadata).not.toContain('a long enough password');
  });

  it('creates a site administrator with the password from a named variable', async () => {
    const result = await runCli('cli', ['user:create', '--site-admin', '--email', 'root@site.test', '--password-env', 'ROOT_PASSWORD'], {
      ...env,
      ROOT_PASSWORD: 'another long password',
    });
    expect(result.stdout).toBe('Created root@site.test (site administrator).\n');
    const user = await database.db
      .selectFrom('app_user')
      .select('is_site_admin')
      .where('email', '=', 'root@site.test')
      .executeTakeFirstOrThrow();
    expect(user.is_site_admin).toBe(true);
  });

  it('refuses a password on the command line, an unknown role and missing flags with usage', async () => {
    const withPassword = await runCli(
      'cli',
      ['user:create', '--org', 'acme', '--email', 'a@acme.test', '--role', 'ADMIN', '--password', 'secret'],
      env,
    );
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toContain("Unknown option '--password'");
    const badRole = await runCli(
      'cli',
      ['user:create', '--org', 'acme', '--email', 'a@acme.test', '--role', 'OWNER'],
      env,
      'a long enough password',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of ADMIN, PRIVACY_OFFICER, AUDITOR, VIEWER, not "OWNER"');
    const missing = await runCli('cli', ['user:create', '--email', 'a@acme.test'], env);
    expect(missing.stderr).toContain('--org is required (or --site-admin); --role is required (or --site-admin).');
  });

  it('explains what is wrong with the input, and creates nothing', async () => {
    const short = await runCli('cli', ['user:create', '--org', 'acme', '--email', 'b@acme.test', '--role', 'VIEWER'], env, 'short');
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('The password must have at least 12 characters.\n');
    const unknownOrg = await runCli(
      'cli',
      ['user:create', '--org', 'nope', '--email', 'b@acme.test', '--role', 'VIEWER'],
      env,
      'a long enough password',
    );
    expect(unknownOrg.stderr).toBe('There is no organization "nope".\n');
    const duplicate = await runCli(
      'cli',
      ['user:create', '--org', 'acme', '--email', 'officer@acme.test', '--role', 'VIEWER'],
      env,
      'a long enough password',
    );
    expect(duplicate.stderr).toBe('A user with the email officer@acme.test exists already.\n');
    expect(await database.db.selectFrom('app_user').select('email').where('email', '=', 'b@acme.test').execute()).toEqual([]);
  });

  it('lists the commands when none is named', async () => {
    const result = await runCli('cli', []);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('user:create');
  });
});
