// Staff see how often the same person asked in the twelve months up to a
// request (GDPR Art. 12(5)), and when a request for a copy is the third in
// those months (the CCPA's twice-a-year limit), without the address itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';

const DAY = 86_400_000;
const LIMITS = { perIp: 10_000, perEmail: 10_000, windowSeconds: 3600 };

interface FromSamePerson {
  lastTwelveMonths: number;
  dataCopiesLastTwelveMonths: number;
  dataCopyLimitReached: boolean;
}

describe('requests from the same person in the last twelve months', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2025-01-05T09:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    api = createTestApi(database, clock, undefined, LIMITS);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
  });
  afterAll(() => database.drop());

  async function fromSamePerson(id: string): Promise<FromSamePerson> {
    const cookie = await signIn(api, 'officer@acme.test');
    const response = await api.query<{ deletionRequest: { fromSamePerson: FromSamePerson } & Record<string, unknown> }>(
      'query ($id: ID!) { deletionRequest(id: $id) { fromSamePerson { lastTwelveMonths dataCopiesLastTwelveMonths dataCopyLimitReached } } }',
      { id },
      { cookie },
    );
    if (response.errors) throw new Error(response.errors[0]?.message);
    expect(JSON.stringify(response.data)).not.toContain('@');
    return response.data?.deletionRequest.fromSamePerson as FromSamePerson;
  }

  it('counts this person’s requests to this organization within twelve months, and flags a third request for a copy', async () => {
    const email = 'Repeat.Asker@example.com';
    // Thirteen months before the others: outside their window.
    await submitForTest(api, { organization: 'acme', email, kinds: ['ACCESS'] });
    clock.advance(395 * DAY);
    const first = await submitForTest(api, { organization: 'acme', email, kinds: ['ACCESS'] });
    // Another organization and another person are not this person asking this organization.
    await submitForTest(api, { organization: 'globex', email, kinds: ['ACCESS'] });
    await submitForTest(api, { organization: 'acme', email: 'someone.else@example.com', kinds: ['ACCESS'] });
    clock.advance(30 * DAY);
    const deletion = await submitForTest(api, { organization: 'acme', email: 'repeat.asker@example.com', kinds: ['DELETION'] });
    clock.advance(30 * DAY);
    const second = await submitForTest(api, { organization: 'acme', email, kinds: ['PORTABILITY', 'CORRECTION'] });
    clock.advance(30 * DAY);
    const third = await submitForTest(api, { organization: 'acme', email, kinds: ['ACCESS'] });

    expect(await fromSamePerson(first.id)).toEqual({ lastTwelveMonths: 1, dataCopiesLastTwelveMonths: 1, dataCopyLimitReached: false });
    expect(await fromSamePerson(deletion.id)).toEqual({ lastTwelveMonths: 2, dataCopiesLastTwelveMonths: 1, dataCopyLimitReached: false });
    expect(await fromSamePerson(second.id)).toEqual({ lastTwelveMonths: 3, dataCopiesLastTwelveMonths: 2, dataCopyLimitReached: false });
    expect(await fromSamePerson(third.id)).toEqual({ lastTwelveMonths: 4, dataCopiesLastTwelveMonths: 3, dataCopyLimitReached: true });
  });

  it('does not flag a request that asks for no copy, however many copies came before', async () => {
    const email = 'many.copies@example.com';
    await submitForTest(api, { organization: 'acme', email, kinds: ['ACCESS'] });
    await submitForTest(api, { organization: 'acme', email, kinds: ['ACCESS'] });
    const deletion = await submitForTest(api, { organization: 'acme', email, kinds: ['DELETION'] });
    expect(await fromSamePerson(deletion.id)).toEqual({ lastTwelveMonths: 3, dataCopiesLastTwelveMonths: 2, dataCopyLimitReached: false });
  });
});
