// Bad input is the client's error, never a 500: a NUL character in any text
// argument and an id that is not an id of this API are refused before they
// reach PostgreSQL, naming the argument, and a refusal is logged below error
// level without a stack, while the unexpected still is logged as an error.

import { fixedClock } from '@governance/api/shared/clock';
import { APP_ROLE, createDb } from '@governance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestApi, testApiOver } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { type CapturedLog, captureLog, ERROR_LEVEL } from '../helpers/log.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';

const NUL = 'a\u0000b';
const NOT_A_UUID = 'not-a-uuid';
/** A Relay global ID of a real type whose local part is not a UUID. */
const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

interface Case {
  /** An operation whose variable $v goes to the argument at fault. */
  operation: (requestId: string) => string;
  value: string;
  /** The argument the refusal must name. */
  field: string;
}

const ID_CASES: Record<string, Case> = {
  'node with a global ID of no UUID': {
    operation: () => 'query ($v: ID!) { node(id: $v) { id } }',
    value: globalId('Organization', NOT_A_UUID),
    field: 'id',
  },
  'node with text that is no global ID': { operation: () => 'query ($v: ID!) { node(id: $v) { id } }', value: '%%%', field: 'id' },
  deletionRequest: {
    operation: () => 'query ($v: ID!) { deletionRequest(id: $v) { id } }',
    value: globalId('DeletionRequest', NOT_A_UUID),
    field: 'id',
  },
  'a staff action': {
    operation: () => 'mutation ($v: ID!) { startDeletionRequest(id: $v, version: 1) { __typename } }',
    value: NOT_A_UUID,
    field: 'id',
  },
  'a note': {
    operation: () => 'mutation ($v: ID!) { addDeletionRequestNote(id: $v, text: "x") { __typename } }',
    value: NOT_A_UUID,
    field: 'id',
  },
  'the assignee of a staff action': {
    operation: (id) => `mutation ($v: ID) { assignDeletionRequest(id: "${id}", version: 1, assignee: $v) { __typename } }`,
    value: NOT_A_UUID,
    field: 'assignee',
  },
  'the assignee filter': {
    operation: () => 'query ($v: ID) { deletionRequests(organization: "acme", filter: { assignee: $v }) { edges { node { id } } } }',
    value: NOT_A_UUID,
    field: 'filter.assignee',
  },
  changeMemberRole: {
    operation: () => 'mutation ($v: ID!) { changeMemberRole(organization: "acme", userId: $v, role: AUDITOR) { id } }',
    value: NOT_A_UUID,
    field: 'userId',
  },
  disableMember: {
    operation: () => 'mutation ($v: ID!) { disableMember(organization: "acme", userId: $v) { id } }',
    value: NOT_A_UUID,
    field: 'userId',
  },
  revokeApiToken: {
    operation: () => 'mutation ($v: ID!) { revokeApiToken(organization: "acme", id: $v) { id } }',
    value: NOT_A_UUID,
    field: 'id',
  },
};

const NUL_CASES: Record<string, Case> = {
  'the sign-in email': {
    operation: () => 'mutation ($v: String!) { login(email: $v, password: "whatever") { id } }',
    value: `someone${NUL}@acme.test`,
    field: 'email',
  },
  'an organization slug': { operation: () => 'query ($v: String!) { organization(slug: $v) { slug } }', value: NUL, field: 'slug' },
  'a policy slug': {
    operation: () => 'query ($v: String!) { policy(organization: "acme", slug: $v) { slug } }',
    value: NUL,
    field: 'slug',
  },
  'a field of an input object': {
    operation: () =>
      'mutation ($v: String!) { submitDeletionRequest(input: { organization: "acme", idempotencyKey: "nul-name", email: "a@b.test", name: $v, jurisdiction: GDPR }) { __typename } }',
    value: NUL,
    field: 'input.name',
  },
  'the queue search': {
    operation: () => 'query ($v: String) { deletionRequests(organization: "acme", filter: { q: $v }) { edges { node { id } } } }',
    value: NUL,
    field: 'filter.q',
  },
  'an item of a list': {
    operation: (id) =>
      `mutation ($v: String!) { completeDeletionRequest(id: "${id}", version: 1, summary: "done", systems: ["crm", $v]) { __typename } }`,
    value: NUL,
    field: 'systems[1]',
  },
  'a note text': {
    operation: (id) => `mutation ($v: String!) { addDeletionRequestNote(id: "${id}", text: $v) { __typename } }`,
    value: NUL,
    field: 'text',
  },
  'the audit actor filter': {
    operation: () => 'query ($v: String) { auditEvents(organization: "acme", filter: { actorId: $v }) { edges { node { seq } } } }',
    value: NUL,
    field: 'filter.actorId',
  },
  'the audit target filter': {
    operation: () => 'query ($v: String) { auditEvents(organization: "acme", filter: { targetId: $v }) { edges { node { seq } } } }',
    value: NUL,
    field: 'filter.targetId',
  },
  'a verification token': {
    operation: () => 'mutation ($v: String!) { verifyDeletionRequest(token: $v) { __typename } }',
    value: `drv_${NUL}`,
    field: 'token',
  },
  'an id': { operation: () => 'query ($v: ID!) { deletionRequest(id: $v) { id } }', value: NUL, field: 'id' },
};

type Refusal = { code?: unknown; field?: unknown };

/** The refusal, whether the field answers it as an error or, for a mutation with typed errors, as an InputError. */
function refusalOf(response: { errors?: { extensions?: Record<string, unknown> }[]; data?: Record<string, unknown> | null }): Refusal {
  const [error] = response.errors ?? [];
  if (error) return { code: error.extensions?.code, field: error.extensions?.field };
  const [result] = Object.values(response.data ?? {}) as { __typename?: string; code?: string; field?: string }[];
  return result?.__typename === 'InputError' ? { code: result.code, field: result.field } : {};
}

describe('bad input', () => {
  let database: TestDatabase;
  let api: TestApi;
  let log: CapturedLog;
  let admin: string;
  let requestId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    log = captureLog();
    const services = createTestServices(database, fixedClock('2026-03-01T10:00:00.000Z'));
    services.logger = log.logger;
    api = testApiOver(services);
    await createOrganization(database.db, 'acme');
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    admin = await signIn(api, 'admin@acme.test');
    requestId = (await submitForTest(api, { organization: 'acme' })).id;
  });

  afterAll(async () => {
    await database?.drop();
  });

  const cases = [
    ...Object.entries(ID_CASES).map(([name, c]) => [`an id that is not one of this API in ${name}`, c] as const),
    ...Object.entries(NUL_CASES).map(([name, c]) => [`a NUL character in ${name}`, c] as const),
  ];

  it.each(cases)('%s is BAD_USER_INPUT naming the argument, logged below error level', async (_name, c) => {
    log.clear();
    const response = await api.query(c.operation(requestId), { v: c.value }, { cookie: admin });
    expect(response.status).toBe(200);
    expect(refusalOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: c.field });
    const lines = log.lines();
    expect(lines.filter((line) => Number(line.level) >= ERROR_LEVEL)).toEqual([]);
    expect(log.text()).not.toContain('"stack"');
  });

  it('logs a refusal once, at info level, with its code and the argument but not what was sent', async () => {
    log.clear();
    await api.query('query ($v: ID!) { deletionRequest(id: $v) { id } }', { v: 'secret-looking-id' }, { cookie: admin });
    const refusals = log.lines().filter((line) => line.msg === 'request refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ level: 30, code: 'BAD_USER_INPUT', field: 'id' });
    expect(log.text()).not.toContain('secret-looking-id');
  });

  it('logs a permission refusal below error level and without a stack', async () => {
    log.clear();
    const response = await api.query('{ auditEvents(organization: "acme", first: 1) { pageInfo { hasNextPage } } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(log.lines().filter((line) => Number(line.level) >= ERROR_LEVEL)).toEqual([]);
    expect(log.text()).not.toContain('"stack"');
  });

  it("keeps the values PostgreSQL quotes in an error's detail out of the log", async () => {
    const captured = captureLog();
    const duplicate = await database.db
      .insertInto('organization')
      .values({ slug: 'acme', name: 'Acme again', website: null, contacts: '[]', notice_period_days: 30 })
      .execute()
      .catch((error: unknown) => error);
    expect(duplicate).toHaveProperty('detail', expect.stringContaining('(slug)=(acme)'));
    captured.logger.error({ err: duplicate }, 'unexpected error while executing a GraphQL request');
    expect(captured.text()).toContain('duplicate key value');
    expect(captured.text()).not.toContain('(slug)=(acme)');
  });

  it('still logs an unexpected failure once at error level, and tells the client nothing of it', async () => {
    const broken = captureLog();
    const services = createTestServices(database, fixedClock('2026-03-01T10:00:00.000Z'));
    services.logger = broken.logger;
    // A database nobody listens on: the read fails as no client's fault would.
    services.db = createDb('postgres://nobody@127.0.0.1:9/none', { role: APP_ROLE, maxConnections: 1 });
    database.adopt(() => services.db.destroy());
    const response = await testApiOver(services).query('{ organization(slug: "acme") { slug } }');
    expect(response.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const errors = broken.lines().filter((line) => Number(line.level) >= ERROR_LEVEL);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.err).toHaveProperty('stack');
  });
});
