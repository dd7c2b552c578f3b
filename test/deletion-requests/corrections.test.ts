// Correction requests worked by staff, and what an erasure kept: decisions
// item by item, completion refused while an item is undecided (naming it),
// the requester reading each decision and what was kept on the status view,
// in the completion mail and in the signed receipt (field names and
// outcomes, never the values), and the requester's correction texts erased
// with the request's other personal data.

import { submitPrivacyRequest } from '@governance/api/deletion-requests/intake.service';
import { erasePersonalDataBatch } from '@governance/api/deletion-requests/minimisation.service';
import { receiptSignatureValid } from '@governance/api/deletion-requests/receipt';
import type { SignedReceiptJson } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, organizationNamed, signIn } from '../helpers/staff.ts';

const FIELDS = `id reference status version receipt
  corrections { id position field currentValue proposedValue reason decision decisionReason decidedBy }
  correctionRecipients { name fromRegister } retainedItems { basis description until }`;
const RESULT = '__typename ... on InputError { code field message }';

interface CorrectionItem {
  id: string;
  position: number;
  field: string;
  currentValue: string | null;
  proposedValue: string | null;
  reason: string | null;
  decision: string | null;
  decisionReason: string | null;
  decidedBy: string | null;
}

interface StaffRequest {
  id: string;
  reference: string;
  status: string;
  version: number;
  receipt: string | null;
  corrections: CorrectionItem[];
  correctionRecipients: { name: string; fromRegister: boolean }[];
  retainedItems: { basis: string; description: string; until: string | null }[];
}

type Outcome = { __typename: string; code?: string; field?: string; message?: string; data?: StaffRequest };

const CANARY_OLD = 'Flat 3, 12 Old Road — canary-old-7Q';
const CANARY_NEW = 'Flat 9, 40 New Street — canary-new-7Q';
const CANARY_WHY = 'I moved in May — canary-why-7Q';

describe('correction requests and what an erasure kept', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-03-02T09:00:00.000Z');
  let officer: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, clock);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  async function read(id: string): Promise<StaffRequest> {
    const response = await api.query<{ deletionRequest: StaffRequest }>(
      `query ($id: ID!) { deletionRequest(id: $id) { ${FIELDS} } }`,
      { id },
      { cookie: officer },
    );
    if (response.errors || !response.data?.deletionRequest) throw new Error(response.errors?.[0]?.message ?? 'not found');
    return response.data.deletionRequest;
  }

  async function mutate(
    mutation: string,
    request: StaffRequest,
    args: string,
    variables: Record<string, unknown> = {},
    types = '',
  ): Promise<Outcome> {
    const response = await api.query<Record<string, Outcome>>(
      `mutation ($id: ID!, $version: Int!${types}) { ${mutation}(id: $id, version: $version${args ? `, ${args}` : ''}) {
        ${RESULT} ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { data { ${FIELDS} } } } }`,
      { id: request.id, version: request.version, ...variables },
      { cookie: officer },
    );
    if (response.errors)
      return {
        __typename: 'Error',
        code: String(response.errors[0]?.extensions?.code),
        field: response.errors[0]?.extensions?.field as string | undefined,
        message: response.errors[0]?.message,
      };
    return response.data?.[mutation] as Outcome;
  }

  async function ok(mutation: string, request: StaffRequest, args: string, variables: Record<string, unknown> = {}, types = '') {
    const outcome = await mutate(mutation, request, args, variables, types);
    if (!outcome.data) throw new Error(`${mutation} failed: ${outcome.code} ${outcome.field} ${outcome.message}`);
    return outcome.data;
  }

  const decide = (request: StaffRequest, decisions: unknown[], recipients?: unknown[]) =>
    mutate(
      'decideDeletionRequestCorrections',
      request,
      'decisions: $decisions, recipients: $recipients',
      { decisions, recipients: recipients ?? null },
      ', $decisions: [CorrectionDecisionInput!]!, $recipients: [CorrectionRecipientInput!]',
    );

  let submissions = 0;
  const ITEMS = [
    { field: 'Postal address', currentValue: CANARY_OLD, proposedValue: CANARY_NEW, reason: CANARY_WHY },
    { field: 'Date of birth', currentValue: '1990-01-01', proposedValue: '1990-10-01' },
  ];

  /** A request through the product's intake, asking for these kinds (and corrections). */
  async function submitted(
    kinds: ('DELETION' | 'CORRECTION' | 'ACCESS')[],
    corrections = kinds.includes('CORRECTION') ? ITEMS : undefined,
  ) {
    submissions++;
    const email = `corrections-${submissions}-${process.pid}@example.com`;
    const outcome = await submitPrivacyRequest(
      api.services,
      {
        organization: 'acme',
        kinds,
        idempotencyKey: `corrections-${process.pid}-${submissions}`,
        email,
        name: 'Requester',
        jurisdiction: 'GDPR',
        corrections,
      },
      { requestId: null, ip: null, userAgent: null },
    );
    return { id: outcome.request.id, email };
  }

  /** A verified, started request asking to correct two things; and the requester's status token. */
  async function startedCorrection(kinds: ('DELETION' | 'CORRECTION')[] = ['CORRECTION']) {
    const request = await submitted(kinds);
    const fresh = await read(request.id);
    const verified = await ok('verifyDeletionRequestManually', fresh, 'reason: "Identity checked by phone call"');
    const started = await ok('startDeletionRequest', verified, '');
    const [received] = await outboxMail(api, request.email, 'RECEIVED');
    return { submitted: request, request: started, statusToken: tokenInLink(received?.body_text ?? '', 'status') };
  }

  async function statusView(token: string) {
    const response = await api.query<{
      deletionRequestStatus: {
        corrections: { position: number; field: string; decision: string | null; decisionReason: string | null }[];
        correctionRecipients: string[];
        retainedItems: { basis: string; description: string; until: string | null }[];
      };
    }>(
      `query ($token: String!) { deletionRequestStatus(token: $token) {
        corrections { position field decision decisionReason } correctionRecipients retainedItems { basis description until } } }`,
      { token },
    );
    if (response.errors) throw new Error(response.errors[0]?.message);
    return response.data?.deletionRequestStatus;
  }

  it('refuses to complete while a correction item is undecided, naming that item, and changes nothing', async () => {
    const { request } = await startedCorrection();
    const [address] = request.corrections;
    const partly = await decide(request, [{ item: address?.id, decision: 'APPLIED' }]);
    if (!partly.data) throw new Error(`${partly.code} ${partly.message}`);

    const refused = await mutate('completeDeletionRequest', partly.data, 'summary: "Address corrected", systems: ["crm"]');
    expect(refused).toMatchObject({ __typename: 'InputError', code: 'CORRECTION_UNDECIDED', field: 'corrections[1]' });
    expect(refused.message).toContain('item 2 ("Date of birth")');
    const after = await read(request.id);
    expect(after).toMatchObject({ status: 'IN_PROGRESS', receipt: null, version: partly.data.version, retainedItems: [] });
  });

  it('refuses a rejection or partial correction without a reason, an unknown item and a NUL byte, naming the path', async () => {
    const { request } = await startedCorrection();
    const [address, birth] = request.corrections;
    expect(await decide(request, [{ item: birth?.id, decision: 'REJECTED' }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'decisions[0].reason',
    });
    expect(
      await decide(request, [
        { item: address?.id, decision: 'APPLIED' },
        { item: birth?.id, decision: 'PARTIALLY_APPLIED', reason: '  ' },
      ]),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'decisions[1].reason',
    });
    expect(await decide(request, [{ item: '00000000-0000-4000-8000-000000000000', decision: 'APPLIED' }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'decisions[0].item',
    });
    // A malformed id is refused before it reaches the service, by the API's own id check.
    expect(await decide(request, [{ item: 'not-an-id', decision: 'APPLIED' }])).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await decide(request, [{ item: birth?.id, decision: 'REJECTED', reason: 'no\u0000' }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'decisions[0].reason',
    });
    expect(await decide(request, [], [{ name: 'Stripe', fromRegister: true }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'recipients[0].name',
    });
    expect(await decide(request, [], [{ name: 'x'.repeat(201), fromRegister: false }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'recipients[0].name',
    });
    // Nothing of the refused saves stuck.
    expect((await read(request.id)).corrections.map((item) => item.decision)).toEqual([null, null]);
  });

  it('shows the requester each decision with its reason and the recipients told, and the receipt and mail name fields and outcomes, never values', async () => {
    const { submitted, request, statusToken } = await startedCorrection();
    const [address, birth] = request.corrections;
    expect(address).toMatchObject({
      position: 1,
      field: 'Postal address',
      currentValue: CANARY_OLD,
      proposedValue: CANARY_NEW,
      reason: CANARY_WHY,
    });
    const decided = await decide(
      request,
      [
        { item: address?.id, decision: 'APPLIED' },
        { item: birth?.id, decision: 'REJECTED', reason: 'Our records match the passport you sent.' },
      ],
      [{ name: 'Mailchimp (newsletters)', fromRegister: false }],
    );
    if (!decided.data) throw new Error(`${decided.code} ${decided.message}`);
    expect(decided.data.corrections.map((item) => [item.decision, item.decidedBy])).toEqual([
      ['APPLIED', 'officer'],
      ['REJECTED', 'officer'],
    ]);
    expect(decided.data.correctionRecipients).toEqual([{ name: 'Mailchimp (newsletters)', fromRegister: false }]);

    const completed = await ok('completeDeletionRequest', decided.data, 'summary: "Address corrected", systems: ["crm"]');
    expect(completed.status).toBe('COMPLETED');
    expect(await statusView(statusToken)).toEqual({
      corrections: [
        { position: 1, field: 'Postal address', decision: 'APPLIED', decisionReason: null },
        { position: 2, field: 'Date of birth', decision: 'REJECTED', decisionReason: 'Our records match the passport you sent.' },
      ],
      correctionRecipients: ['Mailchimp (newsletters)'],
      retainedItems: [],
    });

    const signed = JSON.parse(completed.receipt ?? 'null') as SignedReceiptJson;
    expect(signed.receipt.corrections).toEqual([
      { field: 'Postal address', decision: 'APPLIED' },
      { field: 'Date of birth', decision: 'REJECTED' },
    ]);
    expect(JSON.stringify(signed)).not.toMatch(/canary|1990/);
    expect(receiptSignatureValid(signed, api.services.signingKey.publicKey)).toBe(true);
    const [mail] = await outboxMail(api, submitted.email, 'COMPLETED');
    expect(mail?.body_text).toContain('- Postal address: Corrected');
    expect(mail?.body_text).toContain('- Date of birth: Not corrected');
    expect(mail?.body_text).not.toMatch(/canary/);
    // The trail counts decisions and keeps no value.
    const trail = await database.db
      .selectFrom('audit_event_pending')
      .select(['action', 'metadata'])
      .where('target_id', '=', submitted.id)
      .execute();
    expect(JSON.parse(String(trail.find((event) => event.action === 'deletion_request.corrections_decided')?.metadata))).toMatchObject({
      applied: 1,
      rejected: 1,
      undecided: 0,
    });
    expect(JSON.stringify(trail)).not.toMatch(/canary|1990|passport/);
  });

  it('records what an erasure kept, item by item, in the status view, the completion mail and the signed receipt', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const verified = await ok('verifyDeletionRequestManually', await read(submitted.id), 'reason: "Identity checked by phone call"');
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    const token = tokenInLink(received?.body_text ?? '', 'status');
    const started = await ok('startDeletionRequest', verified, '');
    const complete = (retained: unknown[]) =>
      mutate(
        'completeDeletionRequest',
        started,
        'summary: "Account erased", systems: ["crm"], retained: $retained',
        { retained },
        ', $retained: [RetainedItemInput!]',
      );

    expect(await complete([{ basis: 'BILLING_AND_TAX', description: 'Invoices', until: '2031-02-30' }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'retained[0].until',
    });
    expect(
      await complete([
        { basis: 'OTHER', description: 'ok' },
        { basis: 'OTHER', description: ' ' },
      ]),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'retained[1].description',
    });
    expect(await complete([{ basis: 'OTHER', description: 'Invoices', until: '2025-01-01' }])).toMatchObject({
      field: 'retained[0].until',
    });
    expect((await read(started.id)).status).toBe('IN_PROGRESS');

    const kept = [
      { basis: 'BILLING_AND_TAX', description: 'Invoices issued to you, kept for tax law', until: '2036-12-31' },
      { basis: 'SECURITY_AND_ABUSE', description: 'A record that this address was banned for fraud', until: null },
    ];
    const outcome = await complete(kept);
    if (!outcome.data) throw new Error(`${outcome.code} ${outcome.message}`);
    expect(outcome.data.retainedItems).toEqual(kept);
    expect((await statusView(token))?.retainedItems).toEqual(kept);
    const signed = JSON.parse(outcome.data.receipt ?? 'null') as SignedReceiptJson;
    expect(signed.receipt.retained).toEqual(kept);
    expect(signed.receipt.corrections).toBeUndefined();
    expect(receiptSignatureValid(signed, api.services.signingKey.publicKey)).toBe(true);
    // One changed byte of a kept item and the receipt no longer verifies.
    const forged = JSON.parse(JSON.stringify(signed).replace('2036-12-31', '2036-12-30')) as SignedReceiptJson;
    expect(receiptSignatureValid(forged, api.services.signingKey.publicKey)).toBe(false);
    const [mail] = await outboxMail(api, submitted.email, 'COMPLETED');
    expect(mail?.body_text).toContain('What was kept, and why:');
    expect(mail?.body_text).toContain('- Invoices issued to you, kept for tax law (Billing and tax; kept until 2036-12-31)');
    expect(mail?.body_text).toContain('- A record that this address was banned for fraud (Security and abuse prevention)');
  });

  it("erases what the requester wrote in their correction items with the request's personal data, keeping fields and decisions", async () => {
    const { request } = await startedCorrection();
    const [address, birth] = request.corrections;
    const decided = await decide(request, [
      { item: address?.id, decision: 'APPLIED' },
      { item: birth?.id, decision: 'PARTIALLY_APPLIED', reason: 'Month corrected; the day we hold is right.' },
    ]);
    if (!decided.data) throw new Error(`${decided.code} ${decided.message}`);
    await ok('completeDeletionRequest', decided.data, 'summary: "Corrected", systems: ["crm"]');
    const organization = await organizationNamed(database.db, 'acme');
    const erased = await database.db.transaction().execute((trx) =>
      erasePersonalDataBatch(trx, {
        organizationId: organization.id,
        cutoff: new Date('2100-01-01'),
        now: clock.now(),
        limit: 100,
        period: 'P24M',
      }),
    );
    expect(erased).toBeGreaterThan(0);
    const rows = await database.db
      .selectFrom('privacy_request_correction')
      .select(['field', 'current_value', 'proposed_value', 'reason', 'decision', 'decision_reason'])
      .where('request_id', '=', request.id)
      .orderBy('position')
      .execute();
    expect(rows).toEqual([
      { field: 'Postal address', current_value: null, proposed_value: null, reason: null, decision: 'APPLIED', decision_reason: null },
      {
        field: 'Date of birth',
        current_value: null,
        proposed_value: null,
        reason: null,
        decision: 'PARTIALLY_APPLIED',
        decision_reason: 'Month corrected; the day we hold is right.',
      },
    ]);
    const anywhere = await database.db
      .selectFrom('privacy_request_correction')
      .select('id')
      .where('proposed_value', 'like', '%canary%')
      .where('request_id', '=', request.id)
      .execute();
    expect(anywhere).toEqual([]);
  });

  describe('submitPrivacyRequest with corrections', () => {
    let keys = 0;
    async function submit(input: Record<string, unknown>) {
      keys++;
      const response = await api.query<{ submitPrivacyRequest: { __typename: string; code?: string; field?: string; message?: string } }>(
        `mutation ($input: SubmitPrivacyRequestInput!) { submitPrivacyRequest(input: $input) { ${RESULT} } }`,
        {
          input: {
            organization: 'acme',
            idempotencyKey: `corrections-intake-${process.pid}-${keys}`,
            email: `intake-${keys}-${process.pid}@example.com`,
            name: 'Requester',
            jurisdiction: 'GDPR',
            ...input,
          },
        },
      );
      if (response.errors) {
        const [error] = response.errors;
        return { __typename: 'Error', code: String(error?.extensions?.code), field: error?.extensions?.field as string | undefined };
      }
      return response.data?.submitPrivacyRequest;
    }

    it('requires corrections with CORRECTION, refuses them without it, and names the path of a bad item', async () => {
      expect(await submit({ kinds: ['CORRECTION'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrections' });
      expect(await submit({ kinds: ['CORRECTION'], corrections: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrections' });
      expect(await submit({ kinds: ['DELETION'], corrections: ITEMS })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrections' });
      const three = [ITEMS[0], ITEMS[1], { field: 'Name', proposedValue: '   ' }];
      expect(await submit({ kinds: ['CORRECTION'], corrections: three })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'corrections[2].proposedValue',
      });
      expect(await submit({ kinds: ['CORRECTION'], corrections: [{ field: '', proposedValue: 'x' }] })).toMatchObject({
        field: 'corrections[0].field',
      });
      expect(await submit({ kinds: ['CORRECTION'], corrections: [{ field: 'Name', proposedValue: 'x'.repeat(2001) }] })).toMatchObject({
        field: 'corrections[0].proposedValue',
      });
      expect(
        await submit({ kinds: ['CORRECTION'], corrections: [{ field: 'Name', proposedValue: 'x', reason: 'a\u0000b' }] }),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      const many = Array.from({ length: 21 }, (_, index) => ({ field: `Field ${index}`, proposedValue: 'x' }));
      expect(await submit({ kinds: ['CORRECTION'], corrections: many })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrections' });
      expect(await submit({ kinds: ['CORRECTION', 'ACCESS'], corrections: ITEMS })).toMatchObject({
        __typename: 'MutationSubmitPrivacyRequestSuccess',
      });
    });

    it('treats the same key with other corrections as a different request', async () => {
      const input = {
        organization: 'acme',
        kinds: ['CORRECTION'],
        idempotencyKey: `corrections-same-key-${process.pid}`,
        email: `same-key-${process.pid}@example.com`,
        name: 'Requester',
        jurisdiction: 'GDPR',
      };
      const query = `mutation ($input: SubmitPrivacyRequestInput!) { submitPrivacyRequest(input: $input) { ${RESULT} } }`;
      const first = await api.query<{ submitPrivacyRequest: Outcome }>(query, { input: { ...input, corrections: ITEMS } });
      expect(first.data?.submitPrivacyRequest.__typename).toBe('MutationSubmitPrivacyRequestSuccess');
      const retry = await api.query<{ submitPrivacyRequest: Outcome }>(query, { input: { ...input, corrections: ITEMS } });
      expect(retry.data?.submitPrivacyRequest.__typename).toBe('MutationSubmitPrivacyRequestSuccess');
      const other = await api.query<{ submitPrivacyRequest: Outcome }>(query, { input: { ...input, corrections: [ITEMS[0]] } });
      expect(other.data?.submitPrivacyRequest).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });

  it('refuses kept items on a request that asks for no deletion', async () => {
    const { request } = await startedCorrection(['CORRECTION']);
    const decided = await decide(
      request,
      request.corrections.map((item) => ({ item: item.id, decision: 'APPLIED' })),
    );
    if (!decided.data) throw new Error(`${decided.code} ${decided.message}`);
    const refused = await mutate(
      'completeDeletionRequest',
      decided.data,
      'summary: "Corrected", systems: ["crm"], retained: $retained',
      { retained: [{ basis: 'OTHER', description: 'Something' }] },
      ', $retained: [RetainedItemInput!]',
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'retained' });
    const completed = await ok('completeDeletionRequest', decided.data, 'summary: "Corrected", systems: ["crm"]');
    expect(JSON.parse(completed.receipt ?? 'null').receipt.retained).toBeUndefined();
  });
});
