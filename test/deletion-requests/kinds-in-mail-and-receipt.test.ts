// The mails name what was asked in plain words, the staff reminder names the
// kinds, and the signed receipt carries the kinds: still verified offline,
// and refused after one changed byte.
import { receiptSignatureValid } from '@governance/api/deletion-requests/receipt';
import { reminderMail } from '@governance/api/deletion-requests/staff-mail';
import type { SignedReceiptJson } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { sealOk } from '../privacy-packages/fixtures.ts';

describe('kinds in the mails and the receipt', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;
  const clock = movableClock('2026-01-10T09:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  async function act(mutation: string, id: string, version: number, args = '') {
    const response = await api.query<Record<string, { __typename: string; data?: { version: number; receipt: string | null } }>>(
      `mutation ($id: ID!, $version: Int!) { ${mutation}(id: $id, version: $version${args ? `, ${args}` : ''}) {
        __typename ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { data { version receipt } } } }`,
      { id, version },
      { cookie: officer },
    );
    const data = response.data?.[mutation]?.data;
    if (!data) throw new Error(`${mutation}: ${JSON.stringify(response)}`);
    return data;
  }

  it('says in the mails what was asked, and signs the kinds into the receipt', async () => {
    const submitted = await submitForTest(api, { organization: 'acme', kinds: ['PORTABILITY', 'ACCESS'] });
    const [verification] = await outboxMail(api, submitted.email, 'VERIFICATION');
    expect(verification?.subject).toBe(`Confirm your privacy request to ACME (${submitted.reference})`);
    expect(verification?.body_text).toContain(
      `received a request from ${submitted.email} for a copy of your data and your data in a machine-readable form`,
    );
    expect(verification?.body_text).not.toContain('delete');

    await api.query('mutation ($token: String!) { verifyDeletionRequest(token: $token) { __typename } }', {
      token: submitted.verificationToken,
    });
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    expect(received?.subject).toBe(`ACME is processing your privacy request (${submitted.reference})`);
    expect(received?.body_text).toContain('You asked for a copy of your data and your data in a machine-readable form.');

    await act('startDeletionRequest', submitted.id, 2);
    // A request for a copy is completed once its package is sealed.
    const sealed = await sealOk(api, officer, submitted.id, [
      { category: 'Account', system: 'crm', fields: [{ name: 'Email', value: submitted.email }] },
    ]);
    const completed = await act('completeDeletionRequest', submitted.id, sealed.version, 'summary: "Copy sent", systems: ["crm"]');
    const signed = JSON.parse(completed.receipt ?? 'null') as SignedReceiptJson;
    expect(signed.receipt.kinds).toEqual(['ACCESS', 'PORTABILITY']);
    expect(receiptSignatureValid(signed, api.services.signingKey.publicKey)).toBe(true);
    // One byte changed in the kinds: the signature no longer holds.
    const tampered = JSON.parse(JSON.stringify(signed).replace('"PORTABILITY"', '"PORTABILITZ"')) as SignedReceiptJson;
    expect(tampered.receipt.kinds).toEqual(['ACCESS', 'PORTABILITZ']);
    expect(receiptSignatureValid(tampered, api.services.signingKey.publicKey)).toBe(false);

    const [completedMail] = await outboxMail(api, submitted.email, 'COMPLETED');
    expect(completedMail?.subject).toBe(`ACME completed your privacy request (${submitted.reference})`);
    expect(JSON.parse(String(completedMail?.attachments?.[0]?.content))).toEqual(signed);
  });

  it('keeps the words of a deletion alone, and signs its kind too', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const [verification] = await outboxMail(api, submitted.email, 'VERIFICATION');
    expect(verification?.subject).toBe(`Confirm your deletion request to ACME (${submitted.reference})`);
    expect(verification?.body_text).toContain(`received a request to delete the personal data of ${submitted.email}`);
  });

  it('names the kinds of a request other than a deletion in the staff reminder', () => {
    const mail = reminderMail('http://portal.test', { id: 'o', slug: 'acme', name: 'ACME' }, { email: 'a@acme.test', name: 'A' }, [
      { id: '1', reference: 'DR-2026-AAAAA', kinds: ['DELETION'], dueAt: new Date('2026-02-01T00:00:00Z'), daysLeft: 3 },
      { id: '2', reference: 'DR-2026-BBBBB', kinds: ['ACCESS', 'CORRECTION'], dueAt: new Date('2026-02-02T00:00:00Z'), daysLeft: 4 },
    ]);
    expect(mail.text).toContain('- DR-2026-AAAAA: due 1 February 2026');
    expect(mail.text).toContain('- DR-2026-BBBBB (Access, Correction): due 2 February 2026');
  });
});
