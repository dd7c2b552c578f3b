// The short codes beside the mailed links: typed with the request's
// reference, case and dashes ignored, stored only as a hash, and limited to
// five wrong attempts per request, also when the attempts arrive at once.
import { groupedShortCode, normaliseShortCode, shortCodeHash } from '@governance/api/deletion-requests/short-code';
import { MAX_CODE_FAILURES, STATUS_HANDLES_PER_REQUEST } from '@governance/api/deletion-requests/short-code.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const VERIFY_WITH_CODE = `mutation ($reference: String!, $code: String!) {
  verifyDeletionRequestWithCode(reference: $reference, code: $code) {
    __typename
    ... on MutationVerifyDeletionRequestWithCodeSuccess { data { reference status } }
    ... on InputError { code field message }
  }
}`;

const OPEN_STATUS_WITH_CODE = `mutation ($reference: String!, $code: String!) {
  openDeletionRequestStatusWithCode(reference: $reference, code: $code) {
    __typename
    ... on MutationOpenDeletionRequestStatusWithCodeSuccess { data { statusToken } }
    ... on InputError { code field message }
  }
}`;

const STATUS = 'query ($token: String!) { deletionRequestStatus(token: $token) { reference status } }';

/** The grouped code printed in a mail, as `ABCD-EFGH`. */
const CODE_IN_MAIL = /code: {6}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})/;

let database: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'acme');
  api = createTestApi(database, '2026-11-22T10:00:00.000Z');
});
afterAll(() => database.drop());

const verifyWithCode = async (reference: string, code: string) =>
  (await api.query<{ verifyDeletionRequestWithCode: Record<string, unknown> }>(VERIFY_WITH_CODE, { reference, code })).data
    ?.verifyDeletionRequestWithCode;
const openStatusWithCode = async (reference: string, code: string) =>
  (await api.query<{ openDeletionRequestStatusWithCode: Record<string, unknown> }>(OPEN_STATUS_WITH_CODE, { reference, code })).data
    ?.openDeletionRequestStatusWithCode;

async function submittedWithCode() {
  const submitted = await submitForTest(api, { organization: 'acme' });
  const [mail] = await outboxMail(api, submitted.email, 'VERIFICATION');
  const code = CODE_IN_MAIL.exec(mail?.body_text ?? '')?.[1];
  if (!code) throw new Error(`no code in: ${mail?.body_text}`);
  return { ...submitted, code };
}

describe('a short code', () => {
  it('reads what a person types: any case, spaces and dashes ignored, I, L and O taken as 1 and 0', () => {
    expect(normaliseShortCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normaliseShortCode(' AB CD  EF-GH ')).toBe('ABCDEFGH');
    expect(normaliseShortCode('ILO0-1234')).toBe('11001234');
    expect(groupedShortCode('ABCDEFGH')).toBe('ABCD-EFGH');
    for (const typed of ['ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EFGU', 'ABCD\u0000EFGH', 'x'.repeat(100), ''])
      expect(normaliseShortCode(typed), typed).toBeNull();
  });

  it('is mailed grouped beside the link, and stored only as a hash salted with the request', async () => {
    const { id, code } = await submittedWithCode();
    const row = await database.db.selectFrom('deletion_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.verification_code_hash).toBe(shortCodeHash(id, code.replace('-', '')));
    expect(JSON.stringify(row)).not.toContain(code.replace('-', ''));
  });

  it('confirms the email address with the reference, typed in lower case without the dash', async () => {
    const { reference, code } = await submittedWithCode();
    expect(await verifyWithCode(reference.toLowerCase(), code.toLowerCase().replace('-', ''))).toEqual({
      __typename: 'MutationVerifyDeletionRequestWithCodeSuccess',
      data: { reference, status: 'VERIFIED' },
    });
  });

  it('names the field of a malformed reference or code, as a client error', async () => {
    const { reference } = await submittedWithCode();
    expect(await verifyWithCode('DR-nope', 'ABCD-EFGH')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });
    expect(await verifyWithCode(reference, 'ABC-123')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('stops working after five wrong codes, counted atomically however many arrive at once, and then says to use the link', async () => {
    const { id, reference, code } = await submittedWithCode();
    const wrong = code === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';
    const answers = await Promise.all(Array.from({ length: 12 }, () => verifyWithCode(reference, wrong)));
    expect(answers.filter((answer) => answer?.code === 'INVALID_TOKEN')).toHaveLength(MAX_CODE_FAILURES);
    expect(answers.filter((answer) => answer?.code === 'CODE_ATTEMPTS_EXHAUSTED')).toHaveLength(12 - MAX_CODE_FAILURES);
    const row = await database.db
      .selectFrom('deletion_request')
      .select(['code_failures', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ code_failures: MAX_CODE_FAILURES, status: 'UNVERIFIED' });
    // Even the right code no longer works; the message sends the person to the link.
    const right = await verifyWithCode(reference, code);
    expect(right).toMatchObject({ code: 'CODE_ATTEMPTS_EXHAUSTED', field: 'code' });
    expect(String(right?.message)).toContain('Open the link in the email');
  });

  it('opens the status with the code of the second mail, as a token of its own, and the mailed link keeps working', async () => {
    const { reference, code } = await submittedWithCode();
    await verifyWithCode(reference, code);
    const [received] = await outboxMail(api, (await submittedEmail(reference)) ?? '', 'RECEIVED');
    const statusCode = CODE_IN_MAIL.exec(received?.body_text ?? '')?.[1] ?? '';
    const linkToken = /#token=(drs_[\w-]+)/.exec(received?.body_text ?? '')?.[1] ?? '';
    // The verification code is not the status code.
    expect(await openStatusWithCode(reference, code)).toMatchObject({ code: 'INVALID_TOKEN', field: 'code' });
    const opened = await openStatusWithCode(reference, statusCode);
    const deviceToken = String((opened?.data as { statusToken?: string } | undefined)?.statusToken);
    expect(deviceToken).toMatch(/^drs_[\w-]{43}$/);
    expect(deviceToken).not.toBe(linkToken);
    for (const token of [deviceToken, linkToken]) {
      expect((await api.query(STATUS, { token })).data).toEqual({ deletionRequestStatus: { reference, status: 'VERIFIED' } });
    }
  });
});

describe('the status handles typed codes open', () => {
  async function verifiedWithStatusCode() {
    const { id, reference, code, email } = await submittedWithCode();
    await verifyWithCode(reference, code);
    const [received] = await outboxMail(api, email, 'RECEIVED');
    return { id, reference, statusCode: CODE_IN_MAIL.exec(received?.body_text ?? '')?.[1] ?? '' };
  }
  const tokenOf = (opened: Record<string, unknown> | undefined) =>
    String((opened?.data as { statusToken?: string } | undefined)?.statusToken);
  const handlesOf = (id: string) =>
    database.db.selectFrom('deletion_request_status_handle').select('slot').where('request_id', '=', id).orderBy('slot').execute();
  const opens = async (token: string) => (await api.query(STATUS, { token })).data?.deletionRequestStatus != null;

  it('stay at three per request however often the code is typed: the three devices used last keep working', async () => {
    const { id, reference, statusCode } = await verifiedWithStatusCode();
    const tokens: string[] = [];
    for (let opening = 0; opening < 10; opening++) tokens.push(tokenOf(await openStatusWithCode(reference, statusCode)));
    expect(await handlesOf(id)).toEqual([{ slot: 0 }, { slot: 1 }, { slot: 2 }]);
    expect(await Promise.all(tokens.map(opens))).toEqual([...Array(10 - STATUS_HANDLES_PER_REQUEST).fill(false), true, true, true]);
  });

  it('stay at three per request when many openings arrive at once, each answered with a token', async () => {
    const { id, reference, statusCode } = await verifiedWithStatusCode();
    const answers = await Promise.all(Array.from({ length: 12 }, () => openStatusWithCode(reference, statusCode)));
    expect(answers.map((answer) => answer?.__typename)).toEqual(Array(12).fill('MutationOpenDeletionRequestStatusWithCodeSuccess'));
    expect(await handlesOf(id)).toHaveLength(STATUS_HANDLES_PER_REQUEST);
    const working = await Promise.all(answers.map((answer) => opens(tokenOf(answer))));
    expect(working.filter(Boolean)).toHaveLength(STATUS_HANDLES_PER_REQUEST);
  });
});

async function submittedEmail(reference: string) {
  return (await database.db.selectFrom('deletion_request').select('email').where('reference', '=', reference).executeTakeFirst())?.email;
}
