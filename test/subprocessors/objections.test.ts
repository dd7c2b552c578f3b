// Objections to a subprocessor change: open until the effective instant,
// counted only once the address is confirmed, resolved by staff with an
// outcome (audited), bounded and limited, and erased by retention.
import { objectorContactsRule, unverifiedObjectionsRule } from '@governance/api/subprocessors/retention-rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createStaff, organizationNamed, signIn } from '../helpers/staff.ts';
import { EFFECTIVE, syncWithSecondList } from './fixtures.ts';

const OBJECT = `mutation ($input: ObjectToSubprocessorChangeInput!) {
  objectToSubprocessorChange(input: $input) {
    __typename
    ... on MutationObjectToSubprocessorChangeSuccess { data { version effectiveAt } }
    ... on InputError { code field message }
  }
}`;
const VERIFY = `mutation ($token: String!) {
  verifySubprocessorObjection(token: $token) {
    __typename
    ... on MutationVerifySubprocessorObjectionSuccess { data { version organizationName } }
    ... on InputError { code field }
  }
}`;
const LIST = `query ($state: SubprocessorObjectionState) {
  subprocessorObjections(organization: "leandna", version: "1.1", state: $state) { id email company reason state outcome resolvedBy }
}`;
const RESOLVE = `mutation ($input: ResolveSubprocessorObjectionInput!) {
  resolveSubprocessorObjection(input: $input) {
    __typename
    ... on MutationResolveSubprocessorObjectionSuccess { data { id state outcome resolutionNote resolvedBy } }
    ... on InputError { code field }
  }
}`;

type ObjectAnswer = { objectToSubprocessorChange: { __typename: string; data?: { version: string }; code?: string; field?: string } };

const objection = (overrides: Record<string, string> = {}) => ({
  organization: 'leandna',
  version: '1.1',
  email: 'dpo@customer.example',
  company: 'Customer GmbH',
  reason: 'Our contract forbids processing outside the EU without consent.',
  ...overrides,
});

describe('objections to a subprocessor change', () => {
  let database: TestDatabase;
  let officer: string;
  let viewer: string;
  let staffApi: TestApi;
  beforeAll(async () => {
    database = await createTestDatabase();
    await syncWithSecondList(database);
    await createStaff(database, 'officer@leandna.test', { organization: 'leandna', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'viewer@leandna.test', { organization: 'leandna', role: 'VIEWER' });
    staffApi = createTestApi(database, '2026-12-20T12:00:00Z');
    officer = await signIn(staffApi, 'officer@leandna.test');
    viewer = await signIn(staffApi, 'viewer@leandna.test');
  });
  afterAll(() => database.drop());

  const objectAt = (at: string, input = objection()) => createTestApi(database, at).query<ObjectAnswer>(OBJECT, { input });

  async function tokenMailedTo(email: string): Promise<string> {
    const mails = await database.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', email)
      .where('kind', '=', 'OBJECTION_VERIFICATION')
      .orderBy('created_at', 'desc')
      .execute();
    const match = /\/leandna\/subprocessors\/object\/verify\/\?token=(spo_[\w-]+)/.exec(mails[0]?.body_text ?? '');
    if (!match?.[1]) throw new Error(`no confirmation link mailed to ${email}`);
    return match[1];
  }

  async function confirmedObjection(email: string, at = '2026-12-10T09:00:00Z'): Promise<string> {
    expect((await objectAt(at, objection({ email }))).data?.objectToSubprocessorChange.__typename).toBe(
      'MutationObjectToSubprocessorChangeSuccess',
    );
    const verified = await createTestApi(database, at).query(VERIFY, { token: await tokenMailedTo(email) });
    expect(verified.data).toMatchObject({ verifySubprocessorObjection: { __typename: 'MutationVerifySubprocessorObjectionSuccess' } });
    const row = await database.db.selectFrom('subprocessor_objection').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return row.id;
  }

  it('accepts an objection one millisecond before the change takes effect and refuses one at the effective instant', async () => {
    const justInTime = await objectAt('2026-12-30T23:59:59.999Z', objection({ email: 'in-time@customer.example' }));
    expect(justInTime.data?.objectToSubprocessorChange).toMatchObject({
      __typename: 'MutationObjectToSubprocessorChangeSuccess',
      data: { version: '1.1' },
    });
    const late = await objectAt(EFFECTIVE, objection({ email: 'late@customer.example' }));
    expect(late.data?.objectToSubprocessorChange).toMatchObject({ code: 'OBJECTION_PERIOD_ENDED', field: 'version' });
    const stored = await database.db
      .selectFrom('subprocessor_objection')
      .select('email')
      .where('email', '=', 'late@customer.example')
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses to confirm an objection at the effective instant: it would count too late', async () => {
    await objectAt('2026-12-30T12:00:00Z', objection({ email: 'slow@customer.example' }));
    const token = await tokenMailedTo('slow@customer.example');
    const late = await createTestApi(database, EFFECTIVE).query(VERIFY, { token });
    expect(late.data).toMatchObject({ verifySubprocessorObjection: { code: 'OBJECTION_PERIOD_ENDED' } });
  });

  it('does not count an objection until its address is confirmed, then lists it for staff', async () => {
    await objectAt('2026-12-05T09:00:00Z', objection({ email: 'unconfirmed@customer.example', company: 'Unconfirmed Ltd' }));
    const listed = async () =>
      (
        await staffApi.query<{ subprocessorObjections: { company: string }[] }>(LIST, {}, { cookie: officer })
      ).data?.subprocessorObjections.map((o) => o.company);
    expect(await listed()).not.toContain('Unconfirmed Ltd');
    const verified = await createTestApi(database, '2026-12-06T09:00:00Z').query(VERIFY, {
      token: await tokenMailedTo('unconfirmed@customer.example'),
    });
    expect(verified.data).toMatchObject({ verifySubprocessorObjection: { data: { version: '1.1', organizationName: 'LeanDNA' } } });
    expect(await listed()).toContain('Unconfirmed Ltd');
  });

  it('answers bad input as BAD_USER_INPUT naming the field', async () => {
    const refusal = async (overrides: Record<string, string>) =>
      (await objectAt('2026-12-10T09:00:00Z', objection(overrides))).data?.objectToSubprocessorChange;
    // A NUL is refused by the schema's gate for every argument, before the service.
    const nul = await objectAt('2026-12-10T09:00:00Z', objection({ company: 'Acme\u0000' }));
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.company' });
    expect(await refusal({ reason: 'x'.repeat(4001) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await refusal({ reason: '   ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await refusal({ email: 'not an address' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await refusal({ email: `${'a'.repeat(320)}@x.example` })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await refusal({ version: '9.9' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(await refusal({ version: '1.1; drop table' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(await refusal({ organization: 'nobody' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organization' });
    const badToken = await createTestApi(database, '2026-12-10T09:00:00Z').query(VERIFY, { token: 'spo_forged' });
    expect(badToken.data).toMatchObject({ verifySubprocessorObjection: { code: 'INVALID_TOKEN', field: 'token' } });
  });

  it('keeps the objector out of the audit trail, which cannot erase them', async () => {
    await objectAt('2026-12-10T09:00:00Z', objection({ email: 'private-objector@customer.example', reason: 'A very private reason' }));
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select(['action', 'ip', 'user_agent', 'metadata'])
      .where('action', 'like', 'subprocessor_objection.%')
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toMatch(/private-objector|A very private reason/);
    expect(events.every((event) => event.ip === null && event.user_agent === null)).toBe(true);
  });

  it('lets a privacy officer resolve an objection once, with an outcome, and audits it; a viewer may not', async () => {
    const id = await confirmedObjection('resolve-me@customer.example');
    const input = { organization: 'leandna', id, outcome: 'SAFEGUARDS_AGREED', note: 'Signed the EU-only addendum.' };
    const byViewer = await staffApi.query(RESOLVE, { input }, { cookie: viewer });
    expect(byViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const resolved = await staffApi.query(RESOLVE, { input }, { cookie: officer });
    expect(resolved.data).toMatchObject({
      resolveSubprocessorObjection: {
        data: {
          id,
          state: 'RESOLVED',
          outcome: 'SAFEGUARDS_AGREED',
          resolutionNote: 'Signed the EU-only addendum.',
          resolvedBy: 'officer@leandna.test',
        },
      },
    });
    const again = await staffApi.query(RESOLVE, { input: { ...input, outcome: 'OBJECTION_NOT_UPHELD' } }, { cookie: officer });
    expect(again.data).toMatchObject({ resolveSubprocessorObjection: { code: 'OBJECTION_ALREADY_RESOLVED' } });
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select(['actor_label', 'metadata'])
      .where('action', '=', 'subprocessor_objection.resolved')
      .where('target_id', '=', id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_label).toBe('officer@leandna.test');
    expect(JSON.parse(events[0]?.metadata ?? '{}')).toEqual({ version: '1.1', outcome: 'SAFEGUARDS_AGREED' });
    const tooLong = await staffApi.query(RESOLVE, { input: { ...input, note: 'x'.repeat(4001) } }, { cookie: officer });
    expect(tooLong.data).toMatchObject({ resolveSubprocessorObjection: { code: 'BAD_USER_INPUT', field: 'note' } });
  });

  it('limits objections per email address, atomically under concurrent submissions', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        objectAt('2026-12-11T09:00:00Z', objection({ email: 'flood@customer.example', company: `Flood ${index}` })),
      ),
    );
    const outcomes = answers.map(
      (answer) => answer.data?.objectToSubprocessorChange.code ?? answer.data?.objectToSubprocessorChange.__typename,
    );
    expect(outcomes.filter((outcome) => outcome === 'MutationObjectToSubprocessorChangeSuccess')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome === 'RATE_LIMITED')).toHaveLength(5);
    const stored = await database.db
      .selectFrom('subprocessor_objection')
      .select('id')
      .where('email', '=', 'flood@customer.example')
      .execute();
    expect(stored).toHaveLength(3);
  });

  it('deletes unconfirmed objections after their period and erases the address and reason of resolved ones after theirs', async () => {
    const organization = await organizationNamed(database.db, 'leandna');
    await objectAt('2026-12-12T09:00:00Z', objection({ email: 'never-confirmed@customer.example' }));
    const id = await confirmedObjection('erase-me@customer.example', '2026-12-12T09:00:00Z');
    await staffApi.query(RESOLVE, { input: { organization: 'leandna', id, outcome: 'OBJECTION_NOT_UPHELD' } }, { cookie: officer });
    const now = new Date('2029-01-01T00:00:00Z');
    const context = (cutoff: Date) => ({
      db: database.db,
      clock: { now: () => now },
      organizationId: organization.id,
      cutoff,
      now,
      period: 'P7D',
      signingKey: null,
      mailDirectory: null,
    });
    await database.db.transaction().execute(async (trx) => {
      await unverifiedObjectionsRule.runBatch(trx, context(new Date('2026-12-19T09:00:00Z')), 1000);
      await objectorContactsRule.runBatch(trx, context(new Date('2028-12-31T00:00:00Z')), 1000);
    });
    const unconfirmed = await database.db
      .selectFrom('subprocessor_objection')
      .select('id')
      .where('email', '=', 'never-confirmed@customer.example')
      .execute();
    expect(unconfirmed).toEqual([]);
    const erased = await database.db.selectFrom('subprocessor_objection').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ email: null, reason: null, company: 'Customer GmbH', outcome: 'OBJECTION_NOT_UPHELD' });
    expect(erased.email_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
