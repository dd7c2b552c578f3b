// A privacy request names what the person asks for: deletion, a copy
// (access), a machine-readable copy (portability), a correction, or several.
// submitPrivacyRequest takes the kinds; submitDeletionRequest stays as the
// alias for deletion alone.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';

const SUBMIT = `mutation ($input: SubmitPrivacyRequestInput!) {
  submitPrivacyRequest(input: $input) {
    __typename
    ... on MutationSubmitPrivacyRequestSuccess { data { reference status kinds created } }
    ... on InputError { code field message }
  }
}`;

const SUBMIT_DELETION = `mutation ($input: SubmitDeletionRequestInput!) {
  submitDeletionRequest(input: $input) {
    __typename
    ... on MutationSubmitDeletionRequestSuccess { data { reference kinds created } }
  }
}`;

interface Outcome {
  __typename: string;
  data?: { reference: string; status: string; kinds: string[]; created: boolean };
  code?: string;
  field?: string;
  message?: string;
}

let keys = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  organization: 'acme',
  kinds: ['ACCESS'],
  idempotencyKey: `kinds-${process.pid}-${++keys}`,
  email: `person-${keys}@example.com`,
  name: 'A Person',
  jurisdiction: 'GDPR',
  ...overrides,
});

describe('privacy request kinds', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;
  const submit = async (values: Record<string, unknown>) =>
    (await api.query<{ submitPrivacyRequest: Outcome }>(SUBMIT, { input: values })).data?.submitPrivacyRequest as Outcome;
  const storedKinds = async (reference: string) =>
    (await database.db.selectFrom('deletion_request').select('kinds').where('reference', '=', reference).executeTakeFirstOrThrow()).kinds;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-11-22T10:00:00.000Z', undefined, { perIp: 10_000, perEmail: 10_000, windowSeconds: 3600 });
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  it('stores the kinds asked for, in the fixed order whatever order they were chosen in', async () => {
    const outcome = await submit(input({ kinds: ['PORTABILITY', 'ACCESS', 'CORRECTION'] }));
    expect(outcome).toMatchObject({
      __typename: 'MutationSubmitPrivacyRequestSuccess',
      data: { status: 'UNVERIFIED', kinds: ['ACCESS', 'PORTABILITY', 'CORRECTION'], created: true },
    });
    expect(await storedKinds(outcome.data?.reference ?? '')).toEqual(['ACCESS', 'PORTABILITY', 'CORRECTION']);
  });

  it('keeps submitDeletionRequest working as the alias for a request of kind DELETION', async () => {
    const response = await api.query<{ submitDeletionRequest: Outcome }>(SUBMIT_DELETION, {
      input: { ...input(), kinds: undefined },
    });
    const outcome = response.data?.submitDeletionRequest;
    expect(outcome).toMatchObject({ __typename: 'MutationSubmitDeletionRequestSuccess', data: { kinds: ['DELETION'], created: true } });
    expect(await storedKinds(outcome?.data?.reference ?? '')).toEqual(['DELETION']);
  });

  it('refuses a request that asks for nothing, naming kinds', async () => {
    expect(await submit(input({ kinds: [] }))).toEqual({
      __typename: 'InputError',
      code: 'BAD_USER_INPUT',
      field: 'kinds',
      message: 'Choose at least one thing you want us to do.',
    });
  });

  it('refuses a kind named twice, naming kinds', async () => {
    expect(await submit(input({ kinds: ['ACCESS', 'DELETION', 'ACCESS'] }))).toEqual({
      __typename: 'InputError',
      code: 'BAD_USER_INPUT',
      field: 'kinds',
      message: 'Choose each thing at most once.',
    });
  });

  it('refuses a kind outside the list before it reaches the intake', async () => {
    const response = await api.query(SUBMIT, { input: input({ kinds: ['EVERYTHING'] }) });
    expect(response.errors?.[0]?.message).toMatch(/EVERYTHING/);
    expect(response.data).toBeUndefined();
  });

  it('returns the earlier request for the same key and the same kinds in another order', async () => {
    const values = input({ idempotencyKey: 'kinds-replay-1', kinds: ['ACCESS', 'PORTABILITY'] });
    const first = await submit(values);
    const again = await submit({ ...values, kinds: ['PORTABILITY', 'ACCESS'] });
    expect(again.data).toEqual({ ...first.data, created: false });
  });

  it('refuses the same key with different kinds as a reused key', async () => {
    const values = input({ idempotencyKey: 'kinds-replay-2', kinds: ['ACCESS'] });
    await submit(values);
    expect(await submit({ ...values, kinds: ['ACCESS', 'DELETION'] })).toMatchObject({
      __typename: 'InputError',
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
  });

  it('refuses the same key for a deletion alone after a request of other kinds', async () => {
    const values = input({ idempotencyKey: 'kinds-replay-3', kinds: ['CORRECTION'] });
    await submit(values);
    const response = await api.query<{ submitDeletionRequest: Outcome }>(
      `mutation ($input: SubmitDeletionRequestInput!) { submitDeletionRequest(input: $input) { __typename ... on InputError { code } } }`,
      { input: { ...values, kinds: undefined } },
    );
    expect(response.data?.submitDeletionRequest).toEqual({ __typename: 'InputError', code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('records the kinds in the audit event, still without personal data', async () => {
    const outcome = await submit(input({ kinds: ['DELETION', 'ACCESS'], email: 'audited-kinds@example.com' }));
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select('metadata')
      .where('action', '=', 'deletion_request.submitted')
      .execute();
    const metadata = events.map((event) => JSON.parse(event.metadata)).find((entry) => entry.reference === outcome.data?.reference);
    expect(metadata.kinds).toEqual(['DELETION', 'ACCESS']);
    expect(JSON.stringify(events)).not.toContain('audited-kinds@example.com');
  });

  it('shows staff the kinds on the request', async () => {
    const outcome = await submit(input({ kinds: ['CORRECTION', 'DELETION'] }));
    const row = await database.db
      .selectFrom('deletion_request')
      .select('id')
      .where('reference', '=', outcome.data?.reference ?? '')
      .executeTakeFirstOrThrow();
    const response = await api.query<{ deletionRequest: { kinds: string[] } }>(
      'query ($id: ID!) { deletionRequest(id: $id) { kinds } }',
      { id: row.id },
      { cookie: officer },
    );
    expect(response.data?.deletionRequest.kinds).toEqual(['DELETION', 'CORRECTION']);
  });

  it('shows the requester the kinds on the status page', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    await api.query('mutation ($token: String!) { verifyDeletionRequest(token: $token) { __typename } }', {
      token: submitted.verificationToken,
    });
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    const status = await api.query<{ deletionRequestStatus: { kinds: string[] } }>(
      'query ($token: String!) { deletionRequestStatus(token: $token) { kinds } }',
      { token: tokenInLink(received?.body_text ?? '', 'status') },
    );
    expect(status.data?.deletionRequestStatus.kinds).toEqual(['DELETION']);
  });

  it('filters the staff queue and its counts by kind', async () => {
    await submit(input({ kinds: ['PORTABILITY'] }));
    await submit(input({ kinds: ['DELETION', 'PORTABILITY'] }));
    await submit(input({ kinds: ['DELETION'] }));
    const response = await api.query<{
      deletionRequests: { edges: { node: { reference: string; kinds: string[] } }[] };
      deletionRequestCounts: { count: number }[];
    }>(
      `query ($filter: DeletionRequestFilter) {
        deletionRequests(organization: "acme", filter: $filter, first: 100) { edges { node { reference kinds } } }
        deletionRequestCounts(organization: "acme", filter: $filter) { count }
      }`,
      { filter: { kind: 'PORTABILITY' } },
      { cookie: officer },
    );
    const expected = await database.db
      .selectFrom('deletion_request')
      .select('reference')
      .where(sql<boolean>`'PORTABILITY' = any(kinds)`)
      .execute();
    const rows = response.data?.deletionRequests.edges.map((edge) => edge.node) ?? [];
    expect(rows.map((row) => row.reference).sort()).toEqual(expected.map((row) => row.reference).sort());
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.kinds.includes('PORTABILITY'))).toBe(true);
    expect(response.data?.deletionRequestCounts.reduce((sum, row) => sum + row.count, 0)).toBe(rows.length);
  });

  it('lets the database hold only a non-empty list of distinct known kinds', async () => {
    const outcome = await submit(input({ kinds: ['ACCESS'] }));
    const reference = outcome.data?.reference ?? '';
    for (const kinds of ['{}', '{ACCESS,ACCESS}', '{EVERYTHING}', '{ACCESS,NULL}']) {
      await expect(
        sql`update deletion_request set kinds = ${kinds}::text[] where reference = ${reference}`.execute(database.db),
        kinds,
      ).rejects.toThrow(/deletion_request_kinds_valid/);
    }
    expect(await storedKinds(reference)).toEqual(['ACCESS']);
  });
});
