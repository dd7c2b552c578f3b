// Submitting a deletion request through the public mutation.
import { submitDeletionRequest } from '@governance/api/deletion-requests/intake.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/staff.ts';

const SUBMIT = `mutation ($input: SubmitDeletionRequestInput!) {
  submitDeletionRequest(input: $input) {
    __typename
    ... on MutationSubmitDeletionRequestSuccess { data { reference status receivedAt created } }
    ... on InputError { code field message }
  }
}`;

interface Outcome {
  __typename: string;
  data?: { reference: string; status: string; created: boolean };
  code?: string;
  field?: string;
  message?: string;
}

let keys = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  organization: 'acme',
  idempotencyKey: `key-${process.pid}-${++keys}`,
  email: 'Person@Example.com',
  name: 'A Person',
  jurisdiction: 'GDPR',
  details: 'Please delete my account and its history.',
  ...overrides,
});

describe('submitDeletionRequest', () => {
  let database: TestDatabase;
  let api: TestApi;
  const submit = async (values: Record<string, unknown>, target = api) =>
    (await target.query<{ submitDeletionRequest: Outcome }>(SUBMIT, { input: values })).data?.submitDeletionRequest as Outcome;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    api = createTestApi(database, '2026-11-22T10:00:00.000Z', undefined, { perIp: 10_000, perEmail: 10_000, windowSeconds: 3600 });
  });
  afterAll(() => database.drop());

  it('records the request with a public reference and only hashes of its two secrets', async () => {
    const outcome = await submit(input({ email: 'first@example.com' }));
    expect(outcome).toEqual({
      __typename: 'MutationSubmitDeletionRequestSuccess',
      data: {
        reference: expect.stringMatching(/^DR-2026-[0-9A-HJKMNP-TV-Z]{5}$/),
        status: 'UNVERIFIED',
        receivedAt: '2026-11-22T10:00:00.000Z',
        created: true,
      },
    });
    const row = await database.db
      .selectFrom('deletion_request')
      .selectAll()
      .where('reference', '=', outcome.data?.reference ?? '')
      .executeTakeFirstOrThrow();
    expect(row.email).toBe('first@example.com');
    expect(row.verification_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.status_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.verification_token_hash).not.toBe(row.status_token_hash);
  });

  it('audits the submission without any personal data', async () => {
    const outcome = await submit(input({ email: 'private@example.com', name: 'Very Private' }));
    const events = await database.db
      .selectFrom('audit_event_pending')
      .selectAll()
      .where('action', '=', 'deletion_request.submitted')
      .execute();
    const event = events.find((candidate) => JSON.parse(candidate.metadata).reference === outcome.data?.reference);
    expect(event).toMatchObject({ actor_type: 'ANONYMOUS', target_type: 'DeletionRequest' });
    expect(JSON.stringify(events)).not.toMatch(/private@example\.com|Very Private/);
  });

  it("keeps the requester's address and browser out of the audit trail, which cannot erase them", async () => {
    const outcome = await submitDeletionRequest(
      api.services,
      { ...input({ email: 'address@example.com' }), jurisdiction: 'GDPR', idempotencyKey: 'no-address-in-the-trail' },
      { requestId: 'req-intake-1', ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (requester)' },
    );
    const event = await database.db
      .selectFrom('audit_event_pending')
      .select(['request_id', 'ip', 'user_agent'])
      .where('target_id', '=', outcome.request.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ request_id: 'req-intake-1', ip: null, user_agent: null });
  });

  it('returns the same request for the same idempotency key, and creates no second one', async () => {
    const values = input({ email: 'retry@example.com' });
    const first = await submit(values);
    const again = await submit(values);
    expect(again.data).toEqual({ ...first.data, created: false });
    const rows = await database.db
      .selectFrom('deletion_request')
      .select('id')
      .where('idempotency_key', '=', values.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    const values = input({ email: 'reuse@example.com' });
    await submit(values);
    expect(await submit({ ...values, email: 'someone-else@example.com' })).toEqual({
      __typename: 'InputError',
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
      message: expect.stringContaining('used for a different request'),
    });
  });

  it.each([
    ['email', { email: 'not an address' }, 'Enter an email address, like name@example.com.'],
    ['name', { name: '   ' }, 'Enter your name.'],
    ['idempotencyKey', { idempotencyKey: 'short' }, expect.stringContaining('8 to 200')],
    ['organization', { organization: 'nope' }, 'There is no organization "nope".'],
    ['details', { details: 'x'.repeat(5001) }, 'The details must have at most 5,000 characters.'],
  ])('answers a bad %s with a typed error naming it', async (field, overrides, message) => {
    expect(await submit(input(overrides))).toEqual({ __typename: 'InputError', code: 'BAD_USER_INPUT', field, message });
  });

  it('links a second open request of the same person, in any letter case, without blocking it', async () => {
    const first = await submit(input({ email: 'twice@example.com' }));
    const second = await submit(input({ email: 'TWICE@example.com' }));
    const elsewhere = await submit(input({ email: 'twice@example.com', organization: 'globex' }));
    expect(second.data?.status).toBe('UNVERIFIED');
    const rows = await database.db
      .selectFrom('deletion_request')
      .select(['id', 'reference', 'duplicate_of'])
      .where('reference', 'in', [first.data?.reference ?? '', second.data?.reference ?? '', elsewhere.data?.reference ?? ''])
      .execute();
    const byReference = new Map(rows.map((row) => [row.reference, row]));
    expect(byReference.get(second.data?.reference ?? '')?.duplicate_of).toBe(byReference.get(first.data?.reference ?? '')?.id);
    expect(byReference.get(first.data?.reference ?? '')?.duplicate_of).toBeNull();
    expect(byReference.get(elsewhere.data?.reference ?? '')?.duplicate_of).toBeNull();
  });

  it('limits submissions per email address', async () => {
    const limited = createTestApi(database, '2026-11-22T10:00:00.000Z', undefined, { perIp: 100, perEmail: 2, windowSeconds: 3600 });
    await submit(input({ email: 'eager@example.com' }), limited);
    await submit(input({ email: 'eager@example.com' }), limited);
    expect(await submit(input({ email: 'eager@example.com' }), limited)).toEqual({
      __typename: 'InputError',
      code: 'RATE_LIMITED',
      field: null,
      message: 'Too many requests. Try again in 60 minutes.',
    });
  });

  it('keeps exactly one request per key under 200 concurrent submissions with retries', async () => {
    const distinct = Array.from({ length: 50 }, (_, index) =>
      input({ email: `load${index}@example.com`, idempotencyKey: `load-key-${index}-${process.pid}` }),
    );
    // Every key four times, shuffled, all at once: the retries race the originals.
    const attempts = distinct.flatMap((values) => [values, values, values, values]).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(attempts.map((values) => submit(values)));
    expect(outcomes.every((outcome) => outcome.__typename === 'MutationSubmitDeletionRequestSuccess')).toBe(true);
    const rows = await database.db
      .selectFrom('deletion_request')
      .select(['idempotency_key', 'reference'])
      .where('idempotency_key', 'like', 'load-key-%')
      .execute();
    expect(rows).toHaveLength(50);
    const referenceByKey = new Map(rows.map((row) => [row.idempotency_key, row.reference]));
    attempts.forEach((values, index) => {
      expect(outcomes[index]?.data?.reference).toBe(referenceByKey.get(values.idempotencyKey as string));
    });
    expect(outcomes.filter((outcome) => outcome.data?.created)).toHaveLength(50);
  });
});
