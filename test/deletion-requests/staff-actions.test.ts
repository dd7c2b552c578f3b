import { publishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import type { SigningKey } from '@governance/api/audit/signing-key';
import { receiptSignatureValid } from '@governance/api/deletion-requests/receipt';
import type { SignedReceiptJson } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, TEST_PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, organizationNamed, signIn } from '../helpers/staff.ts';

const DAY = 86_400_000;

const REQUEST_FIELDS = `id reference status version allowedTransitions extensionAvailable dueAt daysLeft overdue completedLate
  email assignee { id name } extension { amount unit reason } hold { reason since } rejectionCategory outcomeReason
  completion { summary systems } receipt duplicateOf { reference }
  timeline { kind actor fromStatus toStatus public note reason }`;

const RESULT = `__typename ... on InputError { code field message }`;

interface StaffRequest {
  id: string;
  reference: string;
  status: string;
  version: number;
  allowedTransitions: string[];
  extensionAvailable: boolean;
  dueAt: string;
  daysLeft: number;
  overdue: boolean;
  completedLate: boolean | null;
  email: string | null;
  assignee: { id: string; name: string } | null;
  extension: { amount: number; unit: string; reason: string } | null;
  hold: { reason: string; since: string } | null;
  rejectionCategory: string | null;
  outcomeReason: string | null;
  completion: { summary: string; systems: string[] } | null;
  receipt: string | null;
  duplicateOf: { reference: string } | null;
  timeline: {
    kind: string;
    actor: string;
    fromStatus: string | null;
    toStatus: string | null;
    public: boolean;
    note: string | null;
    reason: string | null;
  }[];
}

/** Counts signatures made with `key`: each one reads its private half, and nothing else does. */
function countSignatures(key: SigningKey) {
  const privateKey = key.privateKey;
  let count = 0;
  Object.defineProperty(key, 'privateKey', {
    configurable: true,
    get: () => {
      count++;
      return privateKey;
    },
  });
  return {
    count: () => count,
    stop: () => Object.defineProperty(key, 'privateKey', { configurable: true, writable: true, enumerable: true, value: privateKey }),
  };
}

type Outcome = { __typename: string; code?: string; field?: string; message?: string; data?: StaffRequest };

describe('deletion requests worked by staff', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-01-10T09:00:00.000Z');
  let officer: string;
  let officerId: string;
  let viewer: string;
  let otherAdmin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    api = createTestApi(database, clock);
    officerId = await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    await createStaff(database, 'admin@globex.test', { organization: 'globex', role: 'ADMIN' });
    await signInEveryone();
  });

  async function signInEveryone() {
    officer = await signIn(api, 'officer@acme.test');
    viewer = await signIn(api, 'viewer@acme.test');
    otherAdmin = await signIn(api, 'admin@globex.test');
  }

  /** Moves time on; sessions lapse over days, so everyone signs in again. */
  async function advance(ms: number) {
    clock.advance(ms);
    await signInEveryone();
  }
  afterAll(() => database.drop());

  async function read(id: string, cookie = officer): Promise<StaffRequest | null> {
    const response = await api.query<{ deletionRequest: StaffRequest | null }>(
      `query ($id: ID!) { deletionRequest(id: $id) { ${REQUEST_FIELDS} } }`,
      { id },
      { cookie },
    );
    if (response.errors) throw new Error(response.errors[0]?.message);
    return response.data?.deletionRequest ?? null;
  }

  /** Calls one staff mutation; `args` is the GraphQL argument list after id and version. */
  async function act(mutation: string, id: string, version: number, args = '', cookie = officer): Promise<Outcome> {
    const response = await api.query<Record<string, Outcome>>(
      `mutation ($id: ID!, $version: Int!) { ${mutation}(id: $id, version: $version${args ? `, ${args}` : ''}) {
        ${RESULT} ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { data { ${REQUEST_FIELDS} } } } }`,
      { id, version },
      { cookie },
    );
    if (response.errors)
      return { __typename: 'Error', code: String(response.errors[0]?.extensions?.code), message: response.errors[0]?.message };
    return response.data?.[mutation] as Outcome;
  }

  async function actOk(mutation: string, request: StaffRequest, args = ''): Promise<StaffRequest> {
    const outcome = await act(mutation, request.id, request.version, args);
    if (!outcome.data) throw new Error(`${mutation} failed: ${outcome.code} ${outcome.message}`);
    return outcome.data;
  }

  async function verifiedRequest(jurisdiction: 'GDPR' | 'CCPA' | 'OTHER' = 'GDPR') {
    const submitted = await submitForTest(api, { organization: 'acme', jurisdiction });
    const request = await read(submitted.id);
    if (!request) throw new Error('the officer cannot read a fresh request');
    return { submitted, request: await actOk('verifyDeletionRequestManually', request, 'reason: "Identity checked by phone call"') };
  }

  it('mails a verification link on submission, and the received mail with a status link once verified', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const [verification] = await outboxMail(api, submitted.email, 'VERIFICATION');
    expect(verification?.subject).toContain(submitted.reference);
    expect(verification?.body_text).toContain(`${TEST_PUBLIC_URL}/acme/privacy-request/verify/#token=`);
    expect(tokenInLink(verification?.body_text ?? '', 'verify')).toBe(submitted.verificationToken);
    expect(await outboxMail(api, submitted.email, 'RECEIVED')).toEqual([]);

    const verified = await api.query('mutation ($token: String!) { verifyDeletionRequest(token: $token) { __typename } }', {
      token: submitted.verificationToken,
    });
    expect(verified.data).toEqual({ verifyDeletionRequest: { __typename: 'MutationVerifyDeletionRequestSuccess' } });
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    const statusToken = tokenInLink(received?.body_text ?? '', 'status');
    const status = await api.query<{ deletionRequestStatus: { reference: string; status: string } }>(
      'query ($token: String!) { deletionRequestStatus(token: $token) { reference status } }',
      { token: statusToken },
    );
    expect(status.data?.deletionRequestStatus).toEqual({ reference: submitted.reference, status: 'VERIFIED' });
  });

  it('works a GDPR request from verification to a signed receipt, telling the requester each step', async () => {
    const { submitted, request: verified } = await verifiedRequest('GDPR');
    expect(verified.status).toBe('VERIFIED');
    expect(verified.allowedTransitions).toEqual(['START', 'HOLD', 'REJECT', 'CANCEL']);

    const assigned = await actOk('assignDeletionRequest', verified, `assignee: "${officerId}"`);
    expect(assigned.assignee).toEqual({ id: officerId, name: 'officer' });
    const started = await actOk('startDeletionRequest', assigned);
    expect(started.status).toBe('IN_PROGRESS');

    const extended = await actOk('extendDeletionRequest', started, 'amount: 2, reason: "Data sits in three archived systems"');
    // Received 10 January: one month → 10 February; two more → 10 April.
    expect(extended.dueAt).toBe('2026-04-10T23:59:59.999Z');
    expect(extended.extension).toEqual({ amount: 2, unit: 'MONTHS', reason: 'Data sits in three archived systems' });
    expect(extended.extensionAvailable).toBe(false);
    const [extendedMail] = await outboxMail(api, submitted.email, 'EXTENDED');
    // Dates in mail are words.
    expect(extendedMail?.body_text).toContain('10 April 2026');
    expect(extendedMail?.body_text).toContain('Data sits in three archived systems');

    await advance(20 * DAY);
    const completed = await actOk(
      'completeDeletionRequest',
      extended,
      'summary: "Account and order history erased", systems: ["crm", "billing"]',
    );
    expect(completed.status).toBe('COMPLETED');
    expect(completed.completedLate).toBe(false);
    expect(completed.allowedTransitions).toEqual([]);
    expect(completed.timeline.map((event) => event.kind)).toEqual([
      'SUBMITTED',
      'VERIFIED',
      'ASSIGNED',
      'STARTED',
      'EXTENDED',
      'COMPLETED',
    ]);
    expect(completed.timeline.find((event) => event.kind === 'ASSIGNED')?.public).toBe(false);

    const receipt = JSON.parse(completed.receipt ?? 'null') as SignedReceiptJson;
    expect(receipt.receipt).toMatchObject({
      reference: submitted.reference,
      organization: { slug: 'acme' },
      completedAt: '2026-01-30T09:00:00.000Z',
      scope: { summary: 'Account and order history erased', systems: ['crm', 'billing'] },
    });
    expect(receiptSignatureValid(receipt, api.services.signingKey.publicKey)).toBe(true);
    const forged = { ...receipt, receipt: { ...receipt.receipt, completedAt: '2026-01-11T09:00:00.000Z' } };
    expect(receiptSignatureValid(forged, api.services.signingKey.publicKey)).toBe(false);
    // The key that signed it is published with the audit checkpoints.
    const published = await publishedCheckpoints(database.db, await organizationNamed(database.db, 'acme'), api.services.trustedKeys);
    expect(published?.publicKeys.map((key) => key.publicKey)).toContain(api.services.signingKey.publicKeyPem);
    const [completedMail] = await outboxMail(api, submitted.email, 'COMPLETED');
    expect(JSON.parse(String(completedMail?.attachments?.[0]?.content))).toEqual(receipt);

    const actions = await database.db
      .selectFrom('audit_event_pending')
      .select(['action', 'metadata'])
      .where('target_id', '=', submitted.id)
      .orderBy('id')
      .execute();
    expect(actions.map((event) => event.action)).toEqual([
      'deletion_request.submitted',
      'deletion_request.verified',
      'deletion_request.assigned',
      'deletion_request.started',
      'deletion_request.extended',
      'deletion_request.completed',
    ]);
    // The trail never holds the requester's address or the staff's free text.
    for (const event of actions) expect(event.metadata).not.toMatch(/example\.com|archived systems|order history/);
  });

  it('stops the GDPR clock while waiting for proof of identity, and the CCPA clock never', async () => {
    const { request: gdpr } = await verifiedRequest('GDPR');
    const { request: ccpa } = await verifiedRequest('CCPA');
    const heldGdpr = await actOk('holdDeletionRequest', gdpr, 'reason: IDENTITY_PROOF, message: "Send a copy of your ID"');
    const heldCcpa = await actOk('holdDeletionRequest', ccpa, 'reason: IDENTITY_PROOF, message: "Send a copy of your ID"');
    expect(heldGdpr.hold?.reason).toBe('IDENTITY_PROOF');
    await advance(5 * DAY);
    const resumedGdpr = await actOk('resumeDeletionRequest', heldGdpr);
    const resumedCcpa = await actOk('resumeDeletionRequest', heldCcpa);
    expect(resumedGdpr.status).toBe('VERIFIED');
    expect(new Date(resumedGdpr.dueAt).getTime() - new Date(gdpr.dueAt).getTime()).toBe(5 * DAY);
    expect(resumedCcpa.dueAt).toBe(ccpa.dueAt);
  });

  it('refuses a stale version, so two staff members never overwrite each other', async () => {
    const { request } = await verifiedRequest();
    expect((await act('startDeletionRequest', request.id, request.version)).__typename).toBe('MutationStartDeletionRequestSuccess');
    const second = await act('cancelDeletionRequest', request.id, request.version, 'reason: "Withdrawn"');
    expect(second).toMatchObject({ __typename: 'InputError', code: 'VERSION_CONFLICT', field: 'version' });
    expect((await read(request.id))?.status).toBe('IN_PROGRESS');
  });

  it('refuses a transition the lifecycle does not allow, with a typed error', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const unverified = await read(submitted.id);
    if (!unverified) throw new Error('missing');
    const outcome = await act('completeDeletionRequest', unverified.id, unverified.version, 'summary: "x", systems: ["crm"]');
    expect(outcome).toMatchObject({ __typename: 'InputError', code: 'INVALID_TRANSITION' });
    expect(outcome.message).toContain('UNVERIFIED');
  });

  it('signs no receipt for a completion the lifecycle refuses', async () => {
    const signatures = countSignatures(api.services.signingKey);
    try {
      const submitted = await submitForTest(api, { organization: 'acme' });
      const unverified = await read(submitted.id);
      if (!unverified) throw new Error('missing');
      const refused = await act('completeDeletionRequest', unverified.id, unverified.version, 'summary: "Erased", systems: ["crm"]');
      expect(refused).toMatchObject({ __typename: 'InputError', code: 'INVALID_TRANSITION' });
      expect(signatures.count()).toBe(0);
      // The counter sees signatures: a completion the lifecycle allows signs its receipt once.
      const { request } = await verifiedRequest();
      await actOk('completeDeletionRequest', await actOk('startDeletionRequest', request), 'summary: "Erased", systems: ["crm"]');
      expect(signatures.count()).toBe(1);
    } finally {
      signatures.stop();
    }
  });

  it('names the missing field: a reason, a completion summary, the systems, an extension beyond the law', async () => {
    const { request } = await verifiedRequest('CCPA');
    expect(await act('cancelDeletionRequest', request.id, request.version, 'reason: "  "')).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect(await act('extendDeletionRequest', request.id, request.version, 'amount: 46, reason: "Backlog"')).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount',
    });
    const started = await actOk('startDeletionRequest', request);
    expect(await act('completeDeletionRequest', started.id, started.version, 'summary: "Erased", systems: [" "]')).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'systems',
    });
    expect(
      await act('assignDeletionRequest', started.id, started.version, 'assignee: "00000000-0000-4000-8000-000000000000"'),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'assignee',
    });
  });

  it('gives the timeline the facts its sentences need: whom it was assigned to, by how much it was extended, what a hold waits for', async () => {
    const { request } = await verifiedRequest('CCPA');
    const assigned = await actOk('assignDeletionRequest', request, `assignee: "${officerId}"`);
    const extended = await actOk('extendDeletionRequest', assigned, 'amount: 20, reason: "Backups are restored weekly"');
    const held = await actOk('holdDeletionRequest', extended, 'reason: OTHER, message: "Which of your two accounts?"');
    const unassigned = await actOk('assignDeletionRequest', held, 'assignee: null');
    const response = await api.query<{
      deletionRequest: {
        timeline: {
          kind: string;
          actor: string;
          assigneeName: string | null;
          extension: unknown;
          holdReason: string | null;
          message: string | null;
        }[];
      };
    }>(
      'query ($id: ID!) { deletionRequest(id: $id) { timeline { kind actor assigneeName extension { amount unit } holdReason message } } }',
      { id: unassigned.id },
      { cookie: officer },
    );
    const steps = response.data?.deletionRequest.timeline.filter((event) => ['ASSIGNED', 'EXTENDED', 'HELD'].includes(event.kind));
    expect(steps).toEqual([
      { kind: 'ASSIGNED', actor: 'officer', assigneeName: 'officer', extension: null, holdReason: null, message: null },
      { kind: 'EXTENDED', actor: 'officer', assigneeName: null, extension: { amount: 20, unit: 'days' }, holdReason: null, message: null },
      { kind: 'HELD', actor: 'officer', assigneeName: null, extension: null, holdReason: 'OTHER', message: 'Which of your two accounts?' },
      { kind: 'ASSIGNED', actor: 'officer', assigneeName: null, extension: null, holdReason: null, message: null },
    ]);
  });

  it('rejects with a category and tells the requester why', async () => {
    const { submitted, request } = await verifiedRequest();
    const rejected = await actOk('rejectDeletionRequest', request, 'category: EXEMPT, reason: "Records we must keep for tax law"');
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionCategory: 'EXEMPT', outcomeReason: 'Records we must keep for tax law' });
    const [mail] = await outboxMail(api, submitted.email, 'REJECTED');
    expect(mail?.body_text).toContain('Records we must keep for tax law');
  });

  it('keeps notes internal: in the staff timeline, never on the status page', async () => {
    const { submitted, request } = await verifiedRequest();
    const noted = await api.query<{ addDeletionRequestNote: { data: StaffRequest } }>(
      `mutation ($id: ID!) { addDeletionRequestNote(id: $id, text: "Called the customer") { ... on MutationAddDeletionRequestNoteSuccess { data { version timeline { kind note public } } } } }`,
      { id: request.id },
      { cookie: officer },
    );
    const note = noted.data?.addDeletionRequestNote.data.timeline.find((event) => event.kind === 'NOTE');
    expect(note).toEqual({ kind: 'NOTE', note: 'Called the customer', public: false });
    expect(noted.data?.addDeletionRequestNote.data.version).toBe(request.version);
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    const status = await api.query<{ deletionRequestStatus: { history: { kind: string; summary: string }[] } }>(
      'query ($token: String!) { deletionRequestStatus(token: $token) { history { kind summary } } }',
      { token: tokenInLink(received?.body_text ?? '', 'status') },
    );
    expect(status.data?.deletionRequestStatus.history.map((event) => event.kind)).toEqual(['SUBMITTED', 'VERIFIED']);
    expect(JSON.stringify(status.data)).not.toContain('Called the customer');
  });

  it('lets a viewer read but not act, and hides the request from another organization', async () => {
    const { request } = await verifiedRequest();
    expect((await read(request.id, viewer))?.reference).toBe(request.reference);
    expect(await act('startDeletionRequest', request.id, request.version, '', viewer)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await read(request.id, otherAdmin)).toBeNull();
    expect(await act('startDeletionRequest', request.id, request.version, '', otherAdmin)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await read(request.id))?.status).toBe('VERIFIED');
  });

  it('answers every status link that is not valid alike', async () => {
    for (const token of ['drs_unknown', 'drv_wrong-kind', '', 'x'.repeat(500)]) {
      const response = await api.query('query ($token: String!) { deletionRequestStatus(token: $token) { reference } }', { token });
      expect(response.data).toEqual({ deletionRequestStatus: null });
    }
  });
});
