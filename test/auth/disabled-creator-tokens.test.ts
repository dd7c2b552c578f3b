// API tokens belong to the organization, but stop working when the person who
// created them is disabled there: revoked in the same transaction, each
// audited; a token created at the same moment is either revoked or refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const ANY_QUERY = '{ me { user { id } } }';

describe('API tokens of a disabled admin', () => {
  let database: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-11-22T12:00:00.000Z');
  });
  afterAll(() => database.drop());

  it("are revoked when their creator is disabled, each revocation audited, while other admins' tokens keep working", async () => {
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    const leaverId = await createStaff(database, 'leaver@acme.test', { organization: 'acme', role: 'ADMIN' });
    const admin = await signIn(api, 'admin@acme.test');
    const leaver = await signIn(api, 'leaver@acme.test');
    const leaversTokens = [
      await createToken(api, leaver, 'acme', ['AUDIT_READ']),
      await createToken(api, leaver, 'acme', ['POLICIES_READ']),
    ];
    const adminsToken = await createToken(api, admin, 'acme', ['AUDIT_READ']);
    for (const token of [...leaversTokens, adminsToken]) expect((await api.query(ANY_QUERY, {}, { token })).errors).toBeUndefined();

    const disabled = await api.query(
      'mutation ($userId: ID!) { disableMember(organization: "acme", userId: $userId) { disabled } }',
      { userId: leaverId },
      { cookie: admin },
    );
    expect(disabled.data).toEqual({ disableMember: { disabled: true } });

    for (const token of leaversTokens) {
      expect((await api.query(ANY_QUERY, {}, { token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await api.query(ANY_QUERY, {}, { token: adminsToken })).errors).toBeUndefined();

    const tokenIds = await database.db.selectFrom('api_token').select('id').where('created_by', '=', leaverId).orderBy('id').execute();
    const revocations = await database.db
      .selectFrom('audit_event_pending')
      .select(['target_id', 'actor_label', 'metadata'])
      .where('action', '=', 'api_token.revoked')
      .orderBy('target_id')
      .execute();
    expect(revocations.map((event) => event.target_id)).toEqual(tokenIds.map((token) => token.id));
    for (const event of revocations) {
      expect(event.actor_label).toBe('admin@acme.test');
      expect(JSON.parse(event.metadata)).toMatchObject({ reason: 'creator disabled' });
    }
    const memberDisabled = await database.db
      .selectFrom('audit_event_pending')
      .select('metadata')
      .where('action', '=', 'member.disabled')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(memberDisabled.metadata)).toMatchObject({ tokensRevoked: 2 });
  });

  it('leaves no live token of a creator disabled while creating one: each is revoked or refused', async () => {
    const admin = await signIn(api, 'admin@acme.test');
    for (let round = 0; round < 8; round++) {
      const creatorId = await createStaff(database, `racer${round}@acme.test`, { organization: 'acme', role: 'ADMIN' });
      const creator = await signIn(api, `racer${round}@acme.test`);
      const create = () =>
        api.query(
          'mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
          { input: { organization: 'acme', name: `race ${round}`, scopes: ['AUDIT_READ'] } },
          { cookie: creator },
        );
      const [, , disabled] = await Promise.all([
        create(),
        create(),
        api.query(
          'mutation ($userId: ID!) { disableMember(organization: "acme", userId: $userId) { disabled } }',
          { userId: creatorId },
          { cookie: admin },
        ),
        create(),
      ]);
      expect(disabled.data).toEqual({ disableMember: { disabled: true } });
      const live = await database.db
        .selectFrom('api_token')
        .select('id')
        .where('created_by', '=', creatorId)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
    }
  });
});
