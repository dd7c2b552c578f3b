// Two-step sign-in through the API on a real database, with the clock pinned:
// codes are computed here from the secret the API shows, as an app would.
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decryptSecret, loadSecondFactorKey } from '@governance/api/auth/second-factor-key';
import { organizationBySlug } from '@governance/api/policies/policies.service';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, createTestServices, type TestApi, testApiOver } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, PASSWORD, signIn } from '../helpers/staff.ts';

const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }';
const COMPLETE =
  'mutation ($challenge: String!, $code: String, $recoveryCode: String) { completeLogin(challenge: $challenge, code: $code, recoveryCode: $recoveryCode) { email } }';
const START = 'mutation { startSecondFactorEnrolment { secret otpauthUri qrCode } }';
const CONFIRM =
  'mutation ($password: String!, $code: String!) { confirmSecondFactorEnrolment(password: $password, code: $code) { recoveryCodes } }';
const ME = '{ me { user { email } } }';

type GraphQLAnswer = { errors?: { extensions?: Record<string, unknown> }[] };

const codeAt = (secret: string, at: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

describe('two-step sign-in', () => {
  let database: TestDatabase;
  let clock: ReturnType<typeof movableClock>;
  let api: TestApi;
  let officerId: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    officerId = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    clock = movableClock('2026-12-01T09:00:10.000Z');
    api = createTestApi(database, clock, { perAccount: 3, perIp: 100, windowSeconds: 15 * 60 });
  });
  afterEach(() => database.drop());

  /** Enrols the signed-in user as the dashboard does; returns the secret and recovery codes shown. */
  async function enrol(cookie: string) {
    const started = await api.query<{ startSecondFactorEnrolment: { secret: string; otpauthUri: string; qrCode: string } }>(
      START,
      {},
      { cookie },
    );
    const secret = started.data?.startSecondFactorEnrolment.secret ?? '';
    const confirmed = await api.query<{ confirmSecondFactorEnrolment: { recoveryCodes: string[] } }>(
      CONFIRM,
      { password: PASSWORD, code: codeAt(secret, clock.now()) },
      { cookie },
    );
    if (!confirmed.data) throw new Error(`enrolment failed: ${confirmed.errors?.[0]?.message}`);
    clock.advance(30_000); // the confirming code's step is used up
    return { secret, recoveryCodes: confirmed.data.confirmSecondFactorEnrolment.recoveryCodes, started: started.data };
  }

  async function challengeFor(email: string): Promise<string> {
    const response = await api.query(LOGIN, { email, password: PASSWORD });
    expect(response.errors?.[0]?.extensions?.code).toBe('SECOND_STEP_REQUIRED');
    expect(response.headers.get('set-cookie')).toBeNull();
    return String(response.errors?.[0]?.extensions?.challenge);
  }

  const auditActions = async () =>
    (await database.db.selectFrom('audit_event_pending').select(['action', 'metadata', 'organization_id']).orderBy('id').execute()).map(
      (event) => ({ ...event, metadata: JSON.parse(String(event.metadata)) as Record<string, unknown> }),
    );

  it('enrols with the otpauth URI and a QR code, turns on only after a current code, and records the enrolment', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const started = await api.query<{ startSecondFactorEnrolment: { secret: string; otpauthUri: string; qrCode: string } }>(
      START,
      {},
      { cookie },
    );
    const pending = started.data?.startSecondFactorEnrolment;
    expect(pending?.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(pending?.otpauthUri).toBe(
      `otpauth://totp/Governance%20portal:officer%40acme.test?issuer=Governance%20portal&secret=${pending?.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(Buffer.from(pending?.qrCode.replace('data:image/svg+xml;base64,', '') ?? '', 'base64').toString()).toMatch(/^<svg /);

    // Not on until confirmed: the password alone still signs in.
    await signIn(api, 'officer@acme.test');
    const wrong = await api.query(CONFIRM, { password: PASSWORD, code: '000000' }, { cookie });
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CODE', field: 'code' });

    const confirmed = await api.query<{ confirmSecondFactorEnrolment: { recoveryCodes: string[] } }>(
      CONFIRM,
      { password: PASSWORD, code: codeAt(pending?.secret ?? '', clock.now()) },
      { cookie },
    );
    const codes = confirmed.data?.confirmSecondFactorEnrolment.recoveryCodes ?? [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect((await api.query('{ mySecondFactor { enabled recoveryCodesLeft } }', {}, { cookie })).data).toEqual({
      mySecondFactor: { enabled: true, recoveryCodesLeft: 10 },
    });

    const enrolled = (await auditActions()).filter((event) => event.action === 'second_factor.enrolled');
    expect(enrolled).toEqual([
      // The session opened with the password alone above was ended.
      { action: 'second_factor.enrolled', organization_id: null, metadata: { method: 'totp', recoveryCodes: 10, sessionsEnded: 1 } },
    ]);
    const trail = JSON.stringify(await database.db.selectFrom('audit_event_pending').selectAll().execute());
    expect(trail).not.toContain(pending?.secret);
    for (const code of codes) expect(trail).not.toContain(code);
  });

  it('shows a secret only once: starting again makes a new one, and an active one is never shown again', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const first = await api.query<{ startSecondFactorEnrolment: { secret: string } }>(START, {}, { cookie });
    const second = await api.query<{ startSecondFactorEnrolment: { secret: string } }>(START, {}, { cookie });
    expect(second.data?.startSecondFactorEnrolment.secret).not.toBe(first.data?.startSecondFactorEnrolment.secret);
    // The first secret's codes no longer confirm.
    const stale = await api.query(
      CONFIRM,
      { password: PASSWORD, code: codeAt(first.data?.startSecondFactorEnrolment.secret ?? '', clock.now()) },
      { cookie },
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');

    await api.query(
      CONFIRM,
      { password: PASSWORD, code: codeAt(second.data?.startSecondFactorEnrolment.secret ?? '', clock.now()) },
      { cookie },
    );
    const again = await api.query(START, {}, { cookie });
    expect(again.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_ALREADY_ENABLED');
    expect(again.data).toBeNull();
  });

  it('stores the secret encrypted with AES-256-GCM bound to its user, never in clear', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    const row = await database.db.selectFrom('user_second_factor').selectAll().where('user_id', '=', officerId).executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_ciphertext).not.toContain(Buffer.from(secret).toString('base64url'));
    expect(decryptSecret(api.services.secondFactorKey, officerId, row.secret_ciphertext)).toBe(secret);
    // Copied onto another user's row, it does not decrypt.
    expect(() => decryptSecret(api.services.secondFactorKey, '00000000-0000-4000-8000-000000000000', row.secret_ciphertext)).toThrow();
    const codes = await database.db.selectFrom('second_factor_recovery_code').select('code_hash').execute();
    expect(codes.map((code) => code.code_hash)).toEqual(Array(10).fill(expect.stringMatching(/^[0-9a-f]{64}$/)));
  });

  it('refuses to confirm an enrolment with a session cookie alone: a wrong or missing password turns nothing on', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const started = await api.query<{ startSecondFactorEnrolment: { secret: string } }>(START, {}, { cookie });
    const secret = started.data?.startSecondFactorEnrolment.secret ?? '';
    const code = codeAt(secret, clock.now());

    const wrong = await api.query(CONFIRM, { password: 'not the password at all', code }, { cookie });
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CREDENTIALS', field: 'password' });
    expect(wrong.data).toBeNull();
    const missing = await api.query(
      'mutation ($code: String!) { confirmSecondFactorEnrolment(code: $code) { recoveryCodes } }',
      { code },
      { cookie },
    );
    expect(missing.errors?.[0]?.message).toMatch(/argument "password"/);
    const tooLong = await api.query(CONFIRM, { password: 'x'.repeat(5_000), code }, { cookie });
    expect(tooLong.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });

    expect((await api.query('{ mySecondFactor { enabled } }', {}, { cookie })).data).toEqual({ mySecondFactor: { enabled: false } });
    expect(await database.db.selectFrom('second_factor_recovery_code').select('id').execute()).toEqual([]);
    const failed = (await auditActions()).filter((event) => event.action === 'auth.login_failed');
    expect(failed.map((event) => event.metadata)).toEqual([{ step: 'password_confirmation' }]);
    expect(JSON.stringify(await auditActions())).not.toContain('not the password at all');

    // A wrong password cost nothing else: the same pending secret and the same code still confirm.
    const right = await api.query<{ confirmSecondFactorEnrolment: { recoveryCodes: string[] } }>(
      CONFIRM,
      { password: PASSWORD, code },
      { cookie },
    );
    expect(right.data?.confirmSecondFactorEnrolment.recoveryCodes).toHaveLength(10);
  });

  it('counts wrong passwords at confirmation like sign-in failures, so they lock the account out', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const started = await api.query<{ startSecondFactorEnrolment: { secret: string } }>(START, {}, { cookie });
    const code = codeAt(started.data?.startSecondFactorEnrolment.secret ?? '', clock.now());
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrong = await api.query(CONFIRM, { password: `guess number ${attempt}`, code }, { cookie });
      expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    }
    const right = await api.query(CONFIRM, { password: PASSWORD, code }, { cookie });
    expect(right.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    expect((await api.query(LOGIN, { email: 'officer@acme.test', password: PASSWORD })).errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    expect((await auditActions()).filter((event) => event.action === 'auth.login_locked')).toHaveLength(1);
  });

  it('gives a right password at confirmation its check back, so setting up never uses up the sign-in limit', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const started = await api.query<{ startSecondFactorEnrolment: { secret: string } }>(START, {}, { cookie });
    const secret = started.data?.startSecondFactorEnrolment.secret ?? '';
    // Three right passwords with wrong codes: with a limit of three, a fourth attempt would be locked out if they counted.
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrongCode = await api.query(CONFIRM, { password: PASSWORD, code: '000000' }, { cookie });
      expect(wrongCode.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CODE', field: 'code' });
    }
    const right = await api.query(CONFIRM, { password: PASSWORD, code: codeAt(secret, clock.now()) }, { cookie });
    expect(right.errors).toBeUndefined();
  });

  it('ends the other sessions of the user when the enrolment is confirmed, and keeps the confirming one', async () => {
    const earlier = await signIn(api, 'officer@acme.test');
    const elsewhere = await signIn(api, 'officer@acme.test');
    const colleague = await signIn(api, 'admin@acme.test');
    const confirming = await signIn(api, 'officer@acme.test');
    expect((await api.query(ME, {}, { cookie: earlier })).data).toEqual({ me: { user: { email: 'officer@acme.test' } } });

    await enrol(confirming);

    for (const cookie of [earlier, elsewhere]) {
      const refused = await api.query(ME, {}, { cookie });
      expect(refused.data).toEqual({ me: null });
      const data = await api.query('{ mySecondFactor { enabled } }', {}, { cookie });
      expect(data.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await api.query(ME, {}, { cookie: confirming })).data).toEqual({ me: { user: { email: 'officer@acme.test' } } });
    expect((await api.query(ME, {}, { cookie: colleague })).data).toEqual({ me: { user: { email: 'admin@acme.test' } } });
    const enrolled = (await auditActions()).filter((event) => event.action === 'second_factor.enrolled');
    expect(enrolled.map((event) => event.metadata)).toEqual([{ method: 'totp', recoveryCodes: 10, sessionsEnded: 2 }]);
  });

  it('asks for a code after the right password and opens the session only with the right one', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    const challenge = await challengeFor('officer@acme.test');
    expect(challenge).toMatch(/^gpc_[\w-]{43}$/);
    expect(await database.db.selectFrom('login_challenge').select('token_hash').execute()).toEqual([
      { token_hash: expect.not.stringContaining(challenge) },
    ]);

    const wrong = await api.query(COMPLETE, { challenge, code: '000000' });
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CODE', field: 'code' });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await api.query(COMPLETE, { challenge, code: codeAt(secret, clock.now()) });
    expect(right.data).toEqual({ completeLogin: { email: 'officer@acme.test' } });
    const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^gp_session=gps_/);
    expect((await api.query('{ me { user { email } } }', {}, { cookie })).data).toEqual({ me: { user: { email: 'officer@acme.test' } } });

    const events = (await auditActions()).filter((event) => event.action.startsWith('auth.login'));
    expect(events.slice(-2).map((event) => [event.action, event.metadata])).toEqual([
      ['auth.login_failed', { step: 'second_factor' }],
      ['auth.login_succeeded', { secondFactor: 'totp' }],
    ]);
    // The challenge is spent.
    const reused = await api.query(COMPLETE, { challenge, code: codeAt(secret, new Date(clock.now().getTime() + 30_000)) });
    expect(reused.errors?.[0]?.extensions?.code).toBe('SIGN_IN_EXPIRED');
  });

  it('counts wrong codes against the account limit, so guessing locks the account even for the right code', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    const kept = await challengeFor('officer@acme.test');
    for (let attempt = 0; attempt < 3; attempt++) {
      // Entering the right password again does not reset the count.
      const challenge = await challengeFor('officer@acme.test');
      const wrong = await api.query(COMPLETE, { challenge, code: '000000' });
      expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    }
    const right = await api.query(COMPLETE, { challenge: kept, code: codeAt(secret, clock.now()) });
    expect(right.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    expect(right.headers.get('set-cookie')).toBeNull();
    const again = await api.query(LOGIN, { email: 'officer@acme.test', password: PASSWORD });
    expect(again.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
  });

  it('records a lockout that wrong codes cause, once, however the account is tried afterwards', async () => {
    await enrol(await signIn(api, 'officer@acme.test'));
    const challenges: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) challenges.push(await challengeFor('officer@acme.test'));
    for (const challenge of challenges) await api.query(COMPLETE, { challenge, code: '000000' });
    const again = await api.query(LOGIN, { email: 'officer@acme.test', password: PASSWORD });
    expect(again.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    const locked = (await auditActions()).filter((event) => event.action === 'auth.login_locked');
    expect(locked).toEqual([expect.objectContaining({ metadata: { limits: ['account'] } })]);
  });

  it('gives the checks of a successful two-step sign-in back to the address, so colleagues behind it are not locked out', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    // An office address with room for two failures: three successful sign-ins from it must not lock it.
    const officeLimits = { perAccount: 3, perIp: 2, windowSeconds: 900 };
    const behindProxy = testApiOver({
      ...api.services,
      trustProxy: true,
      loginLimiter: createTestServices(database, clock, officeLimits).loginLimiter,
    });
    const fromOffice = (query: string, variables: Record<string, unknown>) =>
      behindProxy.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1', 'x-forwarded-for': '203.0.113.7' },
        body: JSON.stringify({ query, variables }),
      });
    for (let signInNumber = 0; signInNumber < 3; signInNumber++) {
      const login = (await (await fromOffice(LOGIN, { email: 'officer@acme.test', password: PASSWORD })).json()) as GraphQLAnswer;
      expect(login.errors?.[0]?.extensions?.code).toBe('SECOND_STEP_REQUIRED');
      const challenge = String(login.errors?.[0]?.extensions?.challenge);
      const completed = (await (await fromOffice(COMPLETE, { challenge, code: codeAt(secret, clock.now()) })).json()) as GraphQLAnswer;
      expect(completed.errors).toBeUndefined();
      clock.advance(30_000); // a new code for the next sign-in
    }
  });

  it('checks at most the account limit of codes, however many arrive at once', async () => {
    await enrol(await signIn(api, 'officer@acme.test'));
    const challenges: string[] = [];
    for (let attempt = 0; attempt < 12; attempt++) challenges.push(await challengeFor('officer@acme.test'));
    const answers = await Promise.all(challenges.map((challenge) => api.query(COMPLETE, { challenge, code: '000000' })));
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code);
    expect(codes.filter((code) => code === 'INVALID_CODE')).toHaveLength(3);
    expect(codes.filter((code) => code === 'LOCKED_OUT')).toHaveLength(9);
  });

  it('refuses a code of the current step once used, and accepts codes one step either side of now but not two', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    const code = codeAt(secret, clock.now());
    const first = await api.query(COMPLETE, { challenge: await challengeFor('officer@acme.test'), code });
    expect(first.data).toBeTruthy();
    const replay = await api.query(COMPLETE, { challenge: await challengeFor('officer@acme.test'), code });
    expect(replay.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');

    clock.advance(30_000);
    const twoStepsAhead = codeAt(secret, new Date(clock.now().getTime() + 60_000));
    const tooFar = await api.query(COMPLETE, { challenge: await challengeFor('officer@acme.test'), code: twoStepsAhead });
    expect(tooFar.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    const oneStepAhead = codeAt(secret, new Date(clock.now().getTime() + 30_000));
    const near = await api.query(COMPLETE, {
      challenge: await challengeFor('officer@acme.test'),
      code: oneStepAhead.replace(/(\d{3})/, '$1 '),
    });
    expect(near.data).toEqual({ completeLogin: { email: 'officer@acme.test' } });
  });

  it('lets a recovery code sign in once, consumes it and records its use', async () => {
    const { recoveryCodes } = await enrol(await signIn(api, 'officer@acme.test'));
    const recoveryCode = recoveryCodes[3] ?? '';
    const used = await api.query(COMPLETE, {
      challenge: await challengeFor('officer@acme.test'),
      recoveryCode: recoveryCode.toLowerCase(),
    });
    expect(used.data).toEqual({ completeLogin: { email: 'officer@acme.test' } });
    const cookie = (used.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await api.query('{ mySecondFactor { recoveryCodesLeft } }', {}, { cookie })).data).toEqual({
      mySecondFactor: { recoveryCodesLeft: 9 },
    });
    const again = await api.query(COMPLETE, { challenge: await challengeFor('officer@acme.test'), recoveryCode });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CODE', field: 'recoveryCode' });

    const events = await auditActions();
    expect(events.filter((event) => event.action === 'second_factor.recovery_code_used').map((event) => event.metadata)).toEqual([
      { recoveryCodesLeft: 9 },
    ]);
    expect(events.filter((event) => event.action === 'auth.login_succeeded').at(-1)?.metadata).toEqual({ secondFactor: 'recovery_code' });
    expect(JSON.stringify(events)).not.toContain(recoveryCode);
  });

  it('gives new recovery codes for a current code only, and counts wrong codes like sign-in failures', async () => {
    const cookie = await signIn(api, 'officer@acme.test');
    const { secret, recoveryCodes } = await enrol(cookie);
    const REGENERATE = 'mutation ($code: String!) { regenerateRecoveryCodes(code: $code) { recoveryCodes } }';
    const fresh = await api.query<{ regenerateRecoveryCodes: { recoveryCodes: string[] } }>(
      REGENERATE,
      { code: codeAt(secret, clock.now()) },
      { cookie },
    );
    expect(fresh.data?.regenerateRecoveryCodes.recoveryCodes).toHaveLength(10);
    expect(fresh.data?.regenerateRecoveryCodes.recoveryCodes).not.toContain(recoveryCodes[0]);
    const old = await api.query(COMPLETE, { challenge: await challengeFor('officer@acme.test'), recoveryCode: recoveryCodes[0] });
    expect(old.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    expect((await auditActions()).filter((event) => event.action === 'second_factor.recovery_codes_regenerated')).toHaveLength(1);

    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await api.query(REGENERATE, { code: '000000' }, { cookie })).errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    }
    clock.advance(30_000);
    expect((await api.query(REGENERATE, { code: codeAt(secret, clock.now()) }, { cookie })).errors?.[0]?.extensions?.code).toBe(
      'LOCKED_OUT',
    );
  });

  it('lets a challenge expire after five minutes', async () => {
    const { secret } = await enrol(await signIn(api, 'officer@acme.test'));
    const challenge = await challengeFor('officer@acme.test');
    clock.advance(5 * 60_000);
    const late = await api.query(COMPLETE, { challenge, code: codeAt(secret, clock.now()) });
    expect(late.errors?.[0]?.extensions).toEqual({ code: 'SIGN_IN_EXPIRED', field: 'challenge' });
  });

  it('answers over-long or NUL-bearing input, and both or neither code, with BAD_USER_INPUT naming the field', async () => {
    await enrol(await signIn(api, 'officer@acme.test'));
    const challenge = await challengeFor('officer@acme.test');
    const cases: [Record<string, string>, string][] = [
      [{ challenge: 'x'.repeat(10_000), code: '123456' }, 'challenge'],
      [{ challenge, code: '12\u00003456' }, 'code'],
      [{ challenge, recoveryCode: 'A'.repeat(5_000) }, 'recoveryCode'],
      [{ challenge }, 'code'],
      [{ challenge, code: '123456', recoveryCode: 'AAAA-AAAA-AAAA-AAAA' }, 'code'],
    ];
    for (const [variables, field] of cases) {
      const response = await api.query(COMPLETE, variables);
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });

  describe('when an organization requires it', () => {
    const REQUIRE = 'mutation ($required: Boolean!) { setOrganizationSecondFactorRequired(organization: "acme", required: $required) }';
    const REQUESTS = '{ deletionRequests(organization: "acme", first: 1) { pageInfo { hasNextPage } } }';

    it('does not push someone it merely invited into enrolling', async () => {
      const globex = await database.db.selectFrom('organization').select('id').where('slug', '=', 'globex').executeTakeFirstOrThrow();
      await database.db.updateTable('organization').set({ second_factor_required: true }).where('id', '=', globex.id).execute();
      // What an invitation leaves until it is answered: a pending membership.
      await database.db
        .insertInto('membership')
        .values({ user_id: officerId, organization_id: globex.id, role: 'VIEWER', invited_name: 'Officer', invited_at: new Date() })
        .execute();
      const officerCookie = await signIn(api, 'officer@acme.test');
      expect((await api.query('{ mySecondFactor { requiredBy } }', {}, { cookie: officerCookie })).data).toEqual({
        mySecondFactor: { requiredBy: [] },
      });
      expect((await api.query(REQUESTS, {}, { cookie: officerCookie })).errors).toBeUndefined();
    });

    it('refuses its data to members who have not enrolled, with SECOND_FACTOR_REQUIRED, until they do; API tokens still work', async () => {
      const adminCookie = await signIn(api, 'admin@acme.test');
      const token = await createToken(api, adminCookie, 'acme', ['DELETION_REQUESTS_READ']);
      const officerCookie = await signIn(api, 'officer@acme.test');
      expect((await api.query(REQUESTS, {}, { cookie: officerCookie })).errors).toBeUndefined();

      // The admin must have it before requiring it.
      const early = await api.query(REQUIRE, { required: true }, { cookie: adminCookie });
      expect(early.errors?.[0]?.extensions).toEqual({ code: 'SECOND_FACTOR_NOT_ENABLED', field: 'required' });
      await enrol(adminCookie);
      expect((await api.query(REQUIRE, { required: true }, { cookie: adminCookie })).data).toEqual({
        setOrganizationSecondFactorRequired: true,
      });

      const refused = await api.query(REQUESTS, {}, { cookie: officerCookie });
      expect(refused.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
      expect((await api.query('{ mySecondFactor { enabled requiredBy } }', {}, { cookie: officerCookie })).data).toEqual({
        mySecondFactor: { enabled: false, requiredBy: ['acme'] },
      });
      expect((await api.query(REQUESTS, {}, { token })).errors).toBeUndefined();
      expect((await api.query(REQUESTS, {}, { cookie: adminCookie })).errors).toBeUndefined();

      await enrol(officerCookie);
      expect((await api.query(REQUESTS, {}, { cookie: officerCookie })).errors).toBeUndefined();

      const changes = (await auditActions()).filter((event) => event.action === 'organization.second_factor_requirement_changed');
      expect(changes.map((event) => event.metadata)).toEqual([{ required: true }]);
      expect(changes[0]?.organization_id).toBeTruthy();
    });

    it('keeps the rule on the organization as the policies domain reads it, and answers it to admins', async () => {
      const adminCookie = await signIn(api, 'admin@acme.test');
      const RULE = '{ organizationSecondFactorRequired(organization: "acme") }';
      expect((await organizationBySlug(api.services, 'acme'))?.secondFactorRequired).toBe(false);
      await enrol(adminCookie);
      await api.query(REQUIRE, { required: true }, { cookie: adminCookie });
      expect((await organizationBySlug(api.services, 'acme'))?.secondFactorRequired).toBe(true);
      expect((await organizationBySlug(api.services, 'globex'))?.secondFactorRequired).toBe(false);
      expect((await api.query(RULE, {}, { cookie: adminCookie })).data).toEqual({ organizationSecondFactorRequired: true });
      // Setting it as it already is changes nothing and records nothing.
      await api.query(REQUIRE, { required: true }, { cookie: adminCookie });
      await api.query(REQUIRE, { required: false }, { cookie: adminCookie });
      expect((await organizationBySlug(api.services, 'acme'))?.secondFactorRequired).toBe(false);
      expect((await api.query(RULE, {}, { cookie: adminCookie })).data).toEqual({ organizationSecondFactorRequired: false });
      const changes = (await auditActions()).filter((event) => event.action === 'organization.second_factor_requirement_changed');
      expect(changes.map((event) => event.metadata)).toEqual([{ required: true }, { required: false }]);
    });

    it('refuses the audit trail to a member who has not enrolled', async () => {
      const adminCookie = await signIn(api, 'admin@acme.test');
      await createStaff(database, 'auditor@acme.test', { organization: 'acme', role: 'AUDITOR' });
      const auditorCookie = await signIn(api, 'auditor@acme.test');
      await enrol(adminCookie);
      await api.query(REQUIRE, { required: true }, { cookie: adminCookie });
      const events = await api.query(
        '{ auditEvents(organization: "acme", first: 1) { pageInfo { hasNextPage } } }',
        {},
        { cookie: auditorCookie },
      );
      expect(events.errors?.[0]?.extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    });
  });

  describe('admins', () => {
    const MEMBERS = '{ organizationMembers(organization: "acme") { email secondFactorEnabled } }';
    const RESET = 'mutation ($userId: ID!) { resetMemberSecondFactor(organization: "acme", userId: $userId) }';

    it('see who has not enrolled, and reset a member, who must then enrol again; the reset is audited', async () => {
      const adminCookie = await signIn(api, 'admin@acme.test');
      const officerSession = await signIn(api, 'officer@acme.test');
      await enrol(officerSession);
      expect((await api.query(MEMBERS, {}, { cookie: adminCookie })).data).toEqual({
        organizationMembers: [
          { email: 'admin@acme.test', secondFactorEnabled: false },
          { email: 'officer@acme.test', secondFactorEnabled: true },
        ],
      });

      expect((await api.query(ME, {}, { cookie: officerSession })).data).toEqual({ me: { user: { email: 'officer@acme.test' } } });
      expect((await api.query(RESET, { userId: officerId }, { cookie: adminCookie })).data).toEqual({ resetMemberSecondFactor: true });
      // Whoever holds the member's session (on the lost phone, say) is signed out.
      expect((await api.query(ME, {}, { cookie: officerSession })).data).toEqual({ me: null });
      expect((await api.query(MEMBERS, {}, { cookie: adminCookie })).data?.organizationMembers).toContainEqual({
        email: 'officer@acme.test',
        secondFactorEnabled: false,
      });
      // The password alone signs in again, and a new enrolment can start.
      const officerCookie = await signIn(api, 'officer@acme.test');
      expect((await api.query(START, {}, { cookie: officerCookie })).data).toBeTruthy();
      expect(await database.db.selectFrom('second_factor_recovery_code').select('id').execute()).toEqual([]);

      const resets = (await auditActions()).filter((event) => event.action === 'second_factor.reset');
      expect(resets).toEqual([{ action: 'second_factor.reset', organization_id: expect.any(String), metadata: { sessionsEnded: 1 } }]);
    });

    it('cannot reset their own, an accepted member with access elsewhere, or a malformed id', async () => {
      const adminId = (
        await database.db.selectFrom('app_user').select('id').where('email', '=', 'admin@acme.test').executeTakeFirstOrThrow()
      ).id;
      const adminCookie = await signIn(api, 'admin@acme.test');
      const both = await createStaff(database, 'both@acme.test', { organization: 'acme', role: 'VIEWER' });
      await database.db
        .insertInto('membership')
        .values({
          user_id: both,
          organization_id: (
            await database.db.selectFrom('organization').select('id').where('slug', '=', 'globex').executeTakeFirstOrThrow()
          ).id,
          role: 'ADMIN',
          accepted_at: new Date(),
        })
        .execute();

      expect((await api.query(RESET, { userId: adminId }, { cookie: adminCookie })).errors?.[0]?.extensions?.code).toBe(
        'CANNOT_RESET_SELF',
      );
      expect((await api.query(RESET, { userId: both }, { cookie: adminCookie })).errors?.[0]?.extensions?.code).toBe(
        'MEMBER_OF_OTHER_ORGANIZATIONS',
      );
      expect((await api.query(RESET, { userId: 'not-a-uuid' }, { cookie: adminCookie })).errors?.[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'userId',
      });
    });

    it('cannot reset a pending member, answering alike whether their account is new or existing', async () => {
      const adminCookie = await signIn(api, 'admin@acme.test');
      const existing = await createStaff(database, 'existing@globex.test', { organization: 'globex', role: 'ADMIN' });
      await enrol(await signIn(api, 'existing@globex.test'));
      const INVITE =
        'mutation ($email: String!) { createOrganizationUser(organization: "acme", email: $email, name: "Invited", role: VIEWER) { member { id } } }';
      await api.query(INVITE, { email: 'existing@globex.test' }, { cookie: adminCookie });
      const fresh = await api.query<{ createOrganizationUser: { member: { id: string } } }>(
        INVITE,
        { email: 'fresh@new.test' },
        { cookie: adminCookie },
      );
      const refusals = [
        (await api.query(RESET, { userId: existing }, { cookie: adminCookie })).errors,
        (await api.query(RESET, { userId: fresh.data?.createOrganizationUser.member.id }, { cookie: adminCookie })).errors,
      ];
      expect(refusals[0]?.[0]?.extensions).toEqual({ code: 'NOT_ACCEPTED', field: 'userId' });
      expect(JSON.stringify(refusals[0])).toBe(JSON.stringify(refusals[1]));
      expect(await database.db.selectFrom('user_second_factor').select('user_id').where('user_id', '=', existing).execute()).toHaveLength(
        1,
      );
    });

    it('lets a site administrator reset the second factor of someone who works for several organizations', async () => {
      const both = await createStaff(database, 'both@acme.test', { organization: 'acme', role: 'VIEWER' });
      await database.db
        .insertInto('membership')
        .values({
          user_id: both,
          organization_id: (
            await database.db.selectFrom('organization').select('id').where('slug', '=', 'globex').executeTakeFirstOrThrow()
          ).id,
          role: 'ADMIN',
          accepted_at: new Date(),
        })
        .execute();
      await enrol(await signIn(api, 'both@acme.test'));
      await createStaff(database, 'root@site.test', 'site-admin');
      const root = await signIn(api, 'root@site.test');
      expect((await api.query(RESET, { userId: both }, { cookie: root })).data).toEqual({ resetMemberSecondFactor: true });
      expect(await database.db.selectFrom('user_second_factor').select('user_id').where('user_id', '=', both).execute()).toEqual([]);
      const resets = (await auditActions()).filter((event) => event.action === 'second_factor.reset');
      expect(resets).toHaveLength(1);
      // The password alone signs in again.
      expect(await signIn(api, 'both@acme.test')).toMatch(/^gp_session=/);
    });
  });
});

describe('the second-factor encryption key', () => {
  it('is generated on first start into the data directory, readable by its owner only, and reused', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'mfa-key-')), 'second-factor-key');
    const first = await loadSecondFactorKey({ value: undefined, file });
    expect(first.key).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toEqual(first.key);
    expect((await loadSecondFactorKey({ value: undefined, file })).key).toEqual(first.key);
  });

  it('comes from MFA_ENCRYPTION_KEY when set, and refuses one that is not 32 bytes', async () => {
    const value = Buffer.alloc(32, 7).toString('base64');
    expect((await loadSecondFactorKey({ value, file: '/nonexistent/key' })).key).toEqual(Buffer.alloc(32, 7));
    await expect(loadSecondFactorKey({ value: 'c2hvcnQ=', file: '/nonexistent/key' })).rejects.toThrow(/32 random bytes/);
  });
});
