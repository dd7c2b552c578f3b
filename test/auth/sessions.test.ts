import { createHash } from 'node:crypto';
import { createPasswordHasher } from '@governance/api/auth/passwords';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, PASSWORD, signIn } from '../helpers/staff.ts';

const ME = '{ me { user { email name isSiteAdmin } memberships { organization role } } }';

async function auditActions(
  database: TestDatabase,
): Promise<{ action: string; actor_label: string | null; metadata: string; target_id: string | null }[]> {
  return database.db.selectFrom('audit_event_pending').select(['action', 'actor_label', 'metadata', 'target_id']).orderBy('id').execute();
}

describe('staff sessions', () => {
  let database: TestDatabase;
  let clock: ReturnType<typeof movableClock>;
  let api: TestApi;
  let userId: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    userId = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    clock = movableClock('2026-11-22T09:00:00.000Z');
    api = createTestApi(database, clock, { perAccount: 3, perIp: 100, windowSeconds: 60 });
  });
  afterEach(() => database.drop());

  it('signs in with an httpOnly, SameSite=Strict session cookie that `me` recognises', async () => {
    const response = await api.query('mutation { login(email: "Officer@Acme.test", password: "correct horse battery staple") { email } }');
    expect(response.data).toEqual({ login: { email: 'officer@acme.test' } });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gp_session=gps_[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);

    const me = await api.query(ME, {}, { cookie: cookie.split(';')[0] });
    expect(me.data).toEqual({
      me: {
        user: { email: 'officer@acme.test', name: 'officer', isSiteAdmin: false },
        memberships: [{ organization: 'acme', role: 'PRIVACY_OFFICER' }],
      },
    });
    expect((await api.query(ME)).data).toEqual({ me: null });
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const response = await api.yoga.fetch('https://portal.example/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "officer@acme.test", password: "${PASSWORD}") { id } }` }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('stores only the SHA-256 of the session token and an argon2id hash of the password', async () => {
    // Hashed as the product hashes (the test API's own users are cheaper): see test/auth/password-cost.test.ts.
    const productUserId = await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' }, createPasswordHasher());
    const cookie = await signIn(api, 'admin@acme.test');
    const token = cookie.split('=')[1] ?? '';
    const session = await database.db.selectFrom('user_session').selectAll().executeTakeFirstOrThrow();
    expect(session.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(session)).not.toContain(token);
    const user = await database.db.selectFrom('app_user').select('password_hash').where('id', '=', productUserId).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('answers a wrong password and an unknown email alike, and records both, naming only the existing account', async () => {
    const wrong = await api.query('mutation { login(email: "officer@acme.test", password: "not the password") { id } }');
    const unknown = await api.query('mutation { login(email: "nobody@acme.test", password: "not the password") { id } }');
    for (const response of [wrong, unknown]) {
      expect(response.errors).toEqual([
        expect.objectContaining({ message: 'Email or password is incorrect.', extensions: { code: 'INVALID_CREDENTIALS' } }),
      ]);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    const failed = (await auditActions(database)).filter((event) => event.action === 'auth.login_failed');
    expect(failed.map((event) => event.actor_label)).toEqual(['officer@acme.test', null]);
    expect(failed[0]?.target_id).toBe(userId);
  });

  it('locks an account after repeated failures, even against the right password, and says for how long', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await api.query('mutation { login(email: "officer@acme.test", password: "guess") { id } }');
    }
    const locked = await api.query(`mutation { login(email: "officer@acme.test", password: "${PASSWORD}") { id } }`);
    expect(locked.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    expect(locked.errors?.[0]?.message).toMatch(/^Too many failed sign-ins\. Try again in 1 minute\.$/);
    expect((await auditActions(database)).map((event) => event.action)).toContain('auth.login_locked');
    // Another account is not affected.
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    expect(await signIn(api, 'viewer@acme.test')).toMatch(/^gp_session=/);
  });

  it('refuses a disabled user', async () => {
    await database.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', userId).execute();
    const response = await api.query(`mutation { login(email: "officer@acme.test", password: "${PASSWORD}") { id } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
  });

  it('ends a session after 30 idle minutes', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    clock.advance(29 * 60_000);
    expect((await api.query(ME, {}, { cookie })).data?.me).not.toBeNull();
    clock.advance(29 * 60_000); // 29 minutes after the last request: still alive
    expect((await api.query(ME, {}, { cookie })).data?.me).not.toBeNull();
    clock.advance(30 * 60_000);
    expect((await api.query(ME, {}, { cookie })).data).toEqual({ me: null });
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await api.query(ME, {}, { cookie })).data?.me, `after ${minutes + 20} minutes`).not.toBeNull();
    }
    clock.advance(20 * 60_000);
    expect((await api.query(ME, {}, { cookie })).data).toEqual({ me: null });
  });

  it('logs out: the cookie is cleared, the session ends, and the event is recorded', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const response = await api.query('mutation { logout }', {}, { cookie });
    expect(response.data).toEqual({ logout: true });
    expect(response.headers.get('set-cookie')).toMatch(/^gp_session=; Max-Age=0/);
    expect((await api.query(ME, {}, { cookie })).data).toEqual({ me: null });
    expect((await api.query('mutation { logout }', {}, { cookie })).data).toEqual({ logout: false });
    expect((await auditActions(database)).map((event) => event.action)).toEqual([
      'user.created',
      'auth.login_succeeded',
      'auth.logged_out',
    ]);
  });

  it('never writes a password or a session token into the audit trail', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    await api.query('mutation { login(email: "officer@acme.test", password: "a wrong secret password") { id } }');
    const trail = JSON.stringify(await database.db.selectFrom('audit_event_pending').selectAll().execute());
    expect(trail).not.toContain(PASSWORD);
    expect(trail).not.toContain('a wrong secret password');
    expect(trail).not.toContain(cookie.split('=')[1]);
  });
});
