import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const TOKENS = 'query ($organization: String!) { apiTokens(organization: $organization) { id name prefix scopes revokedAt lastUsedAt } }';

describe('API tokens', () => {
  let database: TestDatabase;
  let api: TestApi;
  let clock: ReturnType<typeof movableClock>;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    await createStaff(database, 'admin@globex.test', { organization: 'globex', role: 'ADMIN' });
    clock = movableClock('2026-11-22T09:00:00.000Z');
    api = createTestApi(database, clock);
    admin = await signIn(api, 'admin@acme.test');
  });
  afterAll(() => database.drop());

  it('are shown once at creation, then stored and listed only as a hash and a prefix', async () => {
    const response = await api.query<{ createApiToken: { secret: string; token: { id: string; prefix: string; scopes: string[] } } }>(
      'mutation { createApiToken(input: { organization: "acme", name: "Vendor review", scopes: [AUDIT_READ, POLICIES_READ] }) { secret token { id prefix scopes } } }',
      {},
      { cookie: admin },
    );
    const created = response.data?.createApiToken;
    expect(created?.secret).toMatch(/^gpt_[\w-]{43}$/);
    expect(created?.token.scopes).toEqual(['AUDIT_READ', 'POLICIES_READ']);
    expect(created?.secret.startsWith(created?.token.prefix ?? '-')).toBe(true);

    const row = await database.db
      .selectFrom('api_token')
      .selectAll()
      .where('id', '=', created?.token.id ?? '')
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(
      createHash('sha256')
        .update(created?.secret ?? '')
        .digest('hex'),
    );
    expect(JSON.stringify(row)).not.toContain(created?.secret);
    const listed = await api.query(TOKENS, { organization: 'acme' }, { cookie: admin });
    expect(JSON.stringify(listed)).not.toContain(created?.secret);

    const events = await database.db.selectFrom('audit_event_pending').selectAll().where('action', '=', 'api_token.created').execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(created?.secret);
  });

  it('authenticate as Bearer, and record when they were last used', async () => {
    const secret = await createToken(api, admin, 'acme', ['AUDIT_READ']);
    const response = await api.query('{ me { user { id } } }', {}, { token: secret });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ me: null });
    const row = await database.db
      .selectFrom('api_token')
      .select('last_used_at')
      .where('token_hash', '=', createHash('sha256').update(secret).digest('hex'))
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toEqual(clock.now());
  });

  it('are refused with UNAUTHENTICATED when unknown, revoked or expired', async () => {
    const unknown = await api.query('{ me { user { id } } }', {}, { token: 'gpt_not-a-real-token' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const expiring = await createToken(api, admin, 'acme', ['AUDIT_READ'], new Date(clock.now().getTime() + 60_000).toISOString());
    expect((await api.query('{ me { user { id } } }', {}, { token: expiring })).errors).toBeUndefined();
    clock.advance(60_000);
    expect((await api.query('{ me { user { id } } }', {}, { token: expiring })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const revoked = await createToken(api, admin, 'acme', ['AUDIT_READ']);
    const tokens = await api.query<{ apiTokens: { id: string; prefix: string }[] }>(TOKENS, { organization: 'acme' }, { cookie: admin });
    const id = tokens.data?.apiTokens.find((token) => revoked.startsWith(token.prefix))?.id;
    const revocation = await api.query<{ revokeApiToken: { revokedAt: string } }>(
      'mutation ($id: ID!) { revokeApiToken(organization: "acme", id: $id) { revokedAt } }',
      { id },
      { cookie: admin },
    );
    expect(revocation.data?.revokeApiToken.revokedAt).toBe(clock.now().toISOString());
    expect((await api.query('{ me { user { id } } }', {}, { token: revoked })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const events = await database.db.selectFrom('audit_event_pending').select('action').where('action', '=', 'api_token.revoked').execute();
    expect(events).toHaveLength(1);
  });

  it('validate their input, naming the field', async () => {
    const response = await api.query(
      'mutation { createApiToken(input: { organization: "acme", name: " ", scopes: [AUDIT_READ] }) { secret } }',
      {},
      { cookie: admin },
    );
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    const past = await api.query(
      'mutation { createApiToken(input: { organization: "acme", name: "x", scopes: [AUDIT_READ], expiresAt: "2020-01-01T00:00:00Z" }) { secret } }',
      {},
      { cookie: admin },
    );
    expect(past.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
  });

  it('are managed only by admins of their own organization, and refusals are recorded', async () => {
    const viewer = await signIn(api, 'viewer@acme.test');
    const otherAdmin = await signIn(api, 'admin@globex.test');
    const acmeToken = await createToken(api, admin, 'acme', ['AUDIT_READ']);
    for (const [who, options] of [
      ['viewer', { cookie: viewer }],
      ['admin of another organization', { cookie: otherAdmin }],
      ['API token', { token: acmeToken }],
    ] as const) {
      const listed = await api.query(TOKENS, { organization: 'acme' }, options);
      expect(listed.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
      expect(listed.data, who).toBeNull();
    }
    const anonymous = await api.query(TOKENS, { organization: 'acme' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // An unknown organization looks exactly like a forbidden one.
    const unknown = await api.query(TOKENS, { organization: 'no-such-org' }, { cookie: otherAdmin });
    expect(unknown.errors?.[0]).toEqual(
      expect.objectContaining({ message: 'You are not allowed to do this.', extensions: { code: 'FORBIDDEN' } }),
    );

    const denials = await database.db
      .selectFrom('audit_event_pending')
      .select(['actor_label', 'metadata'])
      .where('action', '=', 'auth.access_denied')
      .execute();
    expect(denials.map((denial) => denial.actor_label)).toEqual(expect.arrayContaining(['viewer@acme.test', 'admin@globex.test']));
    expect(denials.every((denial) => JSON.parse(denial.metadata).attempted === 'tokens:manage')).toBe(true);
  });
});
