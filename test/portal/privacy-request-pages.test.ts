// The scripts of the requester's pages, without a browser: their typed
// GraphQL documents (the ones the scripts and the live pages send) against
// the schema and a running API, and the rules they apply (idempotency keys,
// references, link fragments, status words, figures). The pages themselves
// are checked in built-portal.test.ts, which shares its one build.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpServer } from '@governance/api/http/server';
import { requestNoun } from '@governance/policies/vocabulary/privacy-request-kinds';
import { REFERENCE_PATTERN, referenceFromQuery } from '@governance/policies/vocabulary/request-reference';
import { buildSchema, type DocumentNode, type GraphQLEnumType, type GraphQLSchema, parse, print, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLRequestError, graphqlFetch } from '../../portal/src/scripts/graphql-fetch.ts';
import { afterConfirmationUrl } from '../../portal/src/scripts/privacy-request/after-confirmation.ts';
import { tokenFromFragment } from '../../portal/src/scripts/privacy-request/fragment-token.ts';
import { type DeletionRequestMetrics, METRIC_ROWS } from '../../portal/src/scripts/privacy-request/metrics-view.ts';
import * as operations from '../../portal/src/scripts/privacy-request/operations.ts';
import {
  deadlineWords,
  deletedScope,
  JURISDICTION_WORDS,
  momentWords,
  progressSteps,
  REJECTION_WORDS,
  receiptFileName,
  STATUS_WORDS,
  statusInWords,
} from '../../portal/src/scripts/privacy-request/status-view.ts';
import { createSubmissionKeys } from '../../portal/src/scripts/privacy-request/submission-key.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../api/schema.graphql');
const schema: GraphQLSchema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);

describe("the requester pages' GraphQL documents", () => {
  it('are valid against api/schema.graphql', () => {
    const documents = Object.entries(operations).filter(([, value]) => (value as { kind?: string }).kind === 'Document');
    expect(documents.map(([name]) => name).sort()).toEqual([
      'DELETION_REQUEST_METRICS',
      'DELETION_REQUEST_STATUS',
      'DOWNLOAD_PRIVACY_PACKAGE',
      'OPEN_DELETION_REQUEST_STATUS_WITH_CODE',
      'PAGE_ORGANIZATION',
      'PRIVACY_REQUEST_KIND_METRICS',
      'RETENTION_SCHEDULE',
      'SUBMIT_DELETION_REQUEST',
      'SUBMIT_PRIVACY_REQUEST',
      'VERIFY_DELETION_REQUEST',
      'VERIFY_DELETION_REQUEST_WITH_CODE',
    ]);
    for (const [name, document] of documents) {
      expect(
        validate(schema, parse(print(document as DocumentNode))).map((error) => error.message),
        name,
      ).toEqual([]);
    }
  });

  it('put every status, rejection category and jurisdiction of the schema into words', () => {
    expect(Object.keys(STATUS_WORDS).sort()).toEqual(enumValues('DeletionRequestStatus').sort());
    expect(Object.keys(REJECTION_WORDS).sort()).toEqual(enumValues('RejectionCategory').sort());
    expect(Object.keys(JURISDICTION_WORDS).sort()).toEqual(enumValues('Jurisdiction').sort());
  });
});

describe('graphqlFetch against the running API', () => {
  let database: TestDatabase;
  let api: TestApi;
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-11-22T10:00:00.000Z');
    server = createHttpServer(api.services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server?.close();
    await database.drop();
  });

  const input = (email: string, idempotencyKey: string) => ({
    organization: 'acme',
    idempotencyKey,
    email,
    name: 'Ada',
    accountIdentifier: null,
    jurisdiction: 'GDPR' as const,
    details: null,
  });

  it('submits a request the way the form script does, and gets the same request for a retry with the same key', async () => {
    const send = () =>
      graphqlFetch(
        operations.SUBMIT_DELETION_REQUEST,
        { input: input('script@example.com', 'b9d2f0d4-0b7e-4b40-9a57-2f4f1c0c1e11') },
        { endpoint },
      );
    const first = await send();
    const retry = await send();
    expect(first.submitDeletionRequest.__typename).toBe('MutationSubmitDeletionRequestSuccess');
    expect(retry).toEqual(first);
    const rows = await database.db.selectFrom('deletion_request').select('reference').where('email', '=', 'script@example.com').execute();
    expect(rows).toHaveLength(1);
  });

  it('gets a refused field back as an InputError naming it', async () => {
    const { submitDeletionRequest: result } = await graphqlFetch(
      operations.SUBMIT_DELETION_REQUEST,
      { input: input('not-an-address', 'c0a8e8a2-5d55-4f5e-8c4e-0d6c7f3d2a10') },
      { endpoint },
    );
    expect(result).toEqual({
      __typename: 'InputError',
      code: 'BAD_USER_INPUT',
      field: 'email',
      message: 'Enter an email address, like name@example.com.',
    });
  });

  it('confirms with the token and reads the status the way the verify and status scripts do', async () => {
    const submitted = await submitForTest(api, { organization: 'acme', email: 'status@example.com' });
    const verified = await graphqlFetch(operations.VERIFY_DELETION_REQUEST, { token: submitted.verificationToken }, { endpoint });
    expect(verified.verifyDeletionRequest).toEqual({
      __typename: 'MutationVerifyDeletionRequestSuccess',
      // The status says where the page goes next (after-confirmation.ts).
      data: { reference: submitted.reference, status: 'VERIFIED' },
    });
    const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
    const statusToken = tokenInLink(received?.body_text ?? null, 'status');
    const { deletionRequestStatus: view } = await graphqlFetch(operations.DELETION_REQUEST_STATUS, { token: statusToken }, { endpoint });
    expect(view).toMatchObject({ reference: submitted.reference, organization: 'acme', status: 'VERIFIED', receipt: null });
    expect(view?.history.length).toBeGreaterThan(0);
    // No personal data on the status page.
    expect(JSON.stringify(view)).not.toContain('status@example.com');
    const unknown = await graphqlFetch(operations.DELETION_REQUEST_STATUS, { token: 'drs_unknown' }, { endpoint });
    expect(unknown.deletionRequestStatus).toBeNull();
  });

  it('reads both years of figures in one request', async () => {
    const figures = await graphqlFetch(
      operations.DELETION_REQUEST_METRICS,
      { organization: 'acme', thisYear: 2026, lastYear: 2025 },
      { endpoint },
    );
    expect(figures.thisYear?.year).toBe(2026);
    expect(figures.thisYear?.received).toBeGreaterThan(0);
    expect(figures.lastYear).toMatchObject({ year: 2025, received: 0, medianDaysToClose: null });
  });

  it('turns a GraphQL error and an unreachable server into a GraphQLRequestError with a message a person can act on', async () => {
    // A document no page has: the schema lacks its field, so gql.tada would not type it.
    const invalid = parse('{ noSuchField }') as unknown as typeof operations.PAGE_ORGANIZATION;
    await expect(graphqlFetch(invalid, { slug: 'acme' }, { endpoint })).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const closed = await graphqlFetch(operations.PAGE_ORGANIZATION, { slug: 'acme' }, { endpoint: 'http://127.0.0.1:1/graphql' }).catch(
      (error: unknown) => error,
    );
    expect(closed).toBeInstanceOf(GraphQLRequestError);
    expect((closed as GraphQLRequestError).message).toBe('We could not reach the server. Check your connection and try again.');
  });
});

describe('the idempotency key of a form with JavaScript', () => {
  it('stays the same for retries of the same answers and changes with them', () => {
    let made = 0;
    const keys = createSubmissionKeys(() => `key-${++made}`);
    const answers = { email: 'a@example.com', name: 'Ada', jurisdiction: 'GDPR' };
    expect(keys.keyFor(answers)).toBe('key-1');
    expect(keys.keyFor({ jurisdiction: 'GDPR', name: 'Ada', email: 'a@example.com' })).toBe('key-1');
    expect(keys.keyFor({ ...answers, name: 'Ada L.' })).toBe('key-2');
    expect(keys.keyFor({ ...answers, name: 'Ada L.' })).toBe('key-2');
    keys.reset();
    expect(keys.keyFor({ ...answers, name: 'Ada L.' })).toBe('key-3');
  });

  it('is a random UUID by default', () => {
    expect(createSubmissionKeys().keyFor({})).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('what the pages take from the address', () => {
  it('shows only a well-formed reference', () => {
    expect(referenceFromQuery('?reference=DR-2026-7K3Q9')).toBe('DR-2026-7K3Q9');
    for (const search of [
      '',
      '?reference=',
      '?reference=DR-2026-7K3QI',
      '?reference=dr-2026-7k3q9',
      '?reference=DR-2026-7K3Q9%3Cb%3E',
      '?ref=DR-2026-7K3Q9',
    ]) {
      expect(referenceFromQuery(search), search).toBeNull();
    }
    expect(REFERENCE_PATTERN.source).toBe('^DR-\\d{4}-[0-9A-HJKMNP-TV-Z]{5}$');
  });

  it('reads the token from the fragment only', () => {
    expect(tokenFromFragment('#token=drv_abc-123')).toBe('drv_abc-123');
    expect(tokenFromFragment('#token=%20drs_x%20')).toBe('drs_x');
    expect(tokenFromFragment('#other=1')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
  });
});

describe('the status page in words', () => {
  it('says the data was deleted only when the request asked for deletion, and names the request by what was asked', () => {
    expect(statusInWords({ status: 'COMPLETED', kinds: ['DELETION'] })).toBe('Completed: your personal data was deleted');
    expect(statusInWords({ status: 'COMPLETED', kinds: ['CORRECTION', 'DELETION'] })).toBe('Completed: your personal data was deleted');
    expect(statusInWords({ status: 'COMPLETED', kinds: ['ACCESS'] })).toBe('Completed');
    expect(statusInWords({ status: 'IN_PROGRESS', kinds: ['ACCESS'] })).toBe(STATUS_WORDS.IN_PROGRESS);
    expect(requestNoun(['DELETION'])).toBe('deletion request');
    expect(requestNoun(['ACCESS', 'PORTABILITY'])).toBe('privacy request');
    expect(requestNoun(['DELETION', 'CORRECTION'])).toBe('privacy request');
  });

  const view = { status: 'IN_PROGRESS' as const, dueAt: '2026-12-22T10:00:00.000Z', daysLeft: 30 };

  it('gives the due date and how long is left while the request is open', () => {
    expect(deadlineWords(view)).toBe('22 December 2026 (30 days left)');
    expect(deadlineWords({ ...view, daysLeft: 1 })).toBe('22 December 2026 (1 day left)');
    expect(deadlineWords({ ...view, daysLeft: 0 })).toBe('22 December 2026 (today)');
    expect(deadlineWords({ ...view, daysLeft: -3 })).toBe('22 December 2026 (overdue by 3 days)');
    expect(deadlineWords({ ...view, status: 'ON_HOLD' })).toBe('22 December 2026 (paused while on hold)');
    expect(deadlineWords({ ...view, status: 'COMPLETED', daysLeft: -3 })).toBe('22 December 2026');
  });

  it('dates history in UTC and names the receipt after the reference', () => {
    expect(momentWords('2026-11-22T23:30:00.000Z')).toBe('22 November 2026, 23:30 UTC');
    expect(receiptFileName('DR-2026-7K3Q9')).toBe('DR-2026-7K3Q9-receipt.json');
  });

  const event = (kind: string, occurredAt: string) => ({ kind, occurredAt, status: null, summary: '' }) as never;
  const received = '2026-11-01T09:00:00.000Z';
  const steps = (status: string, history: never[]) =>
    progressSteps({ status: status as never, receivedAt: received, history }).map(
      ({ label, at, state }) => `${label}:${state}:${at ?? '-'}`,
    );

  it('draws the progress line from the history: received, confirmed, in progress, completed, with the moment of each step reached', () => {
    const confirmed = event('VERIFIED', '2026-11-01T10:00:00.000Z');
    const started = event('STARTED', '2026-11-03T10:00:00.000Z');
    expect(steps('VERIFIED', [confirmed])).toEqual([
      `Received:done:${received}`,
      'Confirmed:current:2026-11-01T10:00:00.000Z',
      'In progress:upcoming:-',
      'Completed:upcoming:-',
    ]);
    expect(steps('ON_HOLD', [confirmed, started, event('HELD', '2026-11-04T10:00:00.000Z')])[2]).toBe(
      'In progress:current:2026-11-03T10:00:00.000Z',
    );
    expect(steps('COMPLETED', [confirmed, started, event('COMPLETED', '2026-11-20T10:00:00.000Z')])).toEqual([
      `Received:done:${received}`,
      'Confirmed:done:2026-11-01T10:00:00.000Z',
      'In progress:done:2026-11-03T10:00:00.000Z',
      'Completed:done:2026-11-20T10:00:00.000Z',
    ]);
    // Declined before work started: no step is left waiting, and the end says how it ended.
    expect(steps('REJECTED', [confirmed, event('REJECTED', '2026-11-02T10:00:00.000Z')])).toEqual([
      `Received:done:${received}`,
      'Confirmed:done:2026-11-01T10:00:00.000Z',
      'Rejected:done:2026-11-02T10:00:00.000Z',
    ]);
  });

  it('reads what was deleted from the signed receipt, and nothing from a missing or malformed one', () => {
    const receipt = JSON.stringify({ receipt: { scope: { summary: 'Your account and its orders.', systems: ['accounts', 'orders'] } } });
    expect(deletedScope(receipt)).toEqual({ summary: 'Your account and its orders.', systems: ['accounts', 'orders'] });
    expect(deletedScope(null)).toBeNull();
    expect(deletedScope('{not json')).toBeNull();
  });

  it('after a confirmation shows the thank-you page, and for a request that has moved on since, its status page', () => {
    expect(afterConfirmationUrl('acme', { reference: 'DR-2026-7K3Q9', status: 'VERIFIED' })).toBe(
      '/acme/privacy-request/verify/confirmed/?reference=DR-2026-7K3Q9',
    );
    for (const status of ['IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'REJECTED'])
      expect(afterConfirmationUrl('acme', { reference: 'DR-2026-7K3Q9', status })).toBe(
        '/acme/privacy-request/status/?reference=DR-2026-7K3Q9',
      );
  });
});

describe('the transparency figures', () => {
  const metrics: DeletionRequestMetrics = {
    organization: 'acme',
    year: 2026,
    received: 1234,
    completed: 1000,
    rejected: 30,
    cancelled: 4,
    expired: 100,
    open: 100,
    rejectedByCategory: [
      { category: 'UNVERIFIABLE', count: 20 },
      { category: 'EXEMPT', count: 10 },
    ],
    medianDaysToClose: 12.25,
    p90DaysToClose: 1,
    closedOnTimeShare: 0.9567,
  };
  const values = (figures: DeletionRequestMetrics) => Object.fromEntries(METRIC_ROWS.map((row) => [row.key, row.value(figures)]));

  it('shows counts, every rejection category, days and the on-time share', () => {
    expect(values(metrics)).toEqual({
      received: '1,234',
      completed: '1,000',
      rejected: '30',
      'rejected-unverifiable': '20',
      'rejected-exempt': '10',
      'rejected-excessive': '0',
      'rejected-duplicate': '0',
      'rejected-other': '0',
      cancelled: '4',
      expired: '100',
      open: '100',
      median: '12.3 days',
      p90: '1 day',
      'on-time': '95.7%',
    });
  });

  it('says so when nothing has closed yet', () => {
    const none = values({ ...metrics, medianDaysToClose: null, p90DaysToClose: null, closedOnTimeShare: null });
    expect([none.median, none.p90, none['on-time']]).toEqual(['none closed yet', 'none closed yet', 'none closed yet']);
  });
});
