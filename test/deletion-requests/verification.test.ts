import { submitDeletionRequest } from '@governance/api/deletion-requests/intake.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/staff.ts';

const VERIFY = `mutation ($token: String!) {
  verifyDeletionRequest(token: $token) {
    __typename
    ... on MutationVerifyDeletionRequestSuccess { data { reference status } }
    ... on InputError { code field message }
  }
}`;

describe('verifyDeletionRequest', () => {
  let database: TestDatabase;
  let api: TestApi;
  let keys = 0;

  /** Submits through the service, which hands back the secrets the requester is mailed. */
  async function submitted() {
    const outcome = await submitDeletionRequest(
      api.services,
      { organization: 'acme', idempotencyKey: `verify-key-${++keys}`, email: `v${keys}@example.com`, name: 'V', jurisdiction: 'GDPR' },
      { requestId: null, ip: null, userAgent: null },
    );
    return { reference: outcome.request.reference, token: outcome.secrets?.verificationToken ?? '' };
  }
  const verify = async (token: string) =>
    (await api.query<{ verifyDeletionRequest: Record<string, unknown> }>(VERIFY, { token })).data?.verifyDeletionRequest;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-11-22T10:00:00.000Z');
  });
  afterAll(() => database.drop());

  it('verifies the request of the token, once, and records it', async () => {
    const { reference, token } = await submitted();
    expect(await verify(token)).toEqual({ __typename: 'MutationVerifyDeletionRequestSuccess', data: { reference, status: 'VERIFIED' } });
    expect(await verify(token)).toEqual({ __typename: 'MutationVerifyDeletionRequestSuccess', data: { reference, status: 'VERIFIED' } });
    const row = await database.db
      .selectFrom('deletion_request')
      .select(['verified_at', 'version'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.verified_at?.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(row.version).toBe(2);
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select('metadata')
      .where('action', '=', 'deletion_request.verified')
      .execute();
    expect(events.filter((event) => JSON.parse(event.metadata).reference === reference)).toHaveLength(1);
  });

  it('answers an unknown token and the token of a cancelled request alike', async () => {
    const { reference, token } = await submitted();
    await database.db.updateTable('deletion_request').set({ status: 'CANCELLED' }).where('reference', '=', reference).execute();
    const expected = { __typename: 'InputError', code: 'INVALID_TOKEN', field: 'token', message: expect.stringContaining('not valid') };
    expect(await verify(token)).toEqual(expected);
    expect(await verify('drv_not-a-token')).toEqual(expected);
    expect(await verify('anything')).toEqual(expected);
  });
});
