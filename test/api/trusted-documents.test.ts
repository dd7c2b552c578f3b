// With trusted documents enforced (production), a signed-in session runs only
// the dashboard's own documents, named by hash; API tokens and anonymous
// callers (the public portal's scripts send no cookie) may still send any.
import { createHash } from 'node:crypto';
import { loadTrustedDocuments } from '@governance/api/graphql/trusted-documents';
import { CSRF_HEADER, createGovernanceYoga, type GovernanceYoga } from '@governance/api/http/yoga';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, createTestServices, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const VIEWER_DOCUMENT = 'query DashboardViewer { me { user { email } } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let database: TestDatabase;
let api: TestApi;
let enforcing: GovernanceYoga;
let cookie: string;
let token: string;

async function send(yoga: GovernanceYoga, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
}

const persisted = (document: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } });

beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'acme');
  await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
  api = createTestApi(database, '2026-11-22T12:00:00.000Z');
  cookie = await signIn(api, 'admin@acme.test');
  token = await createToken(api, cookie, 'acme', ['POLICIES_READ']);
  enforcing = createGovernanceYoga(createTestServices(database, fixedClock('2026-11-22T12:00:00.000Z')), {
    graphiql: false,
    trustedDocumentsOnly: true,
    trustedDocuments: new Map([[sha256(VIEWER_DOCUMENT), VIEWER_DOCUMENT]]),
  });
});
afterAll(() => database.drop());

describe('trusted documents, enforced', () => {
  it('refuse a document that is not on the list from a cookie session, with a clear code', async () => {
    const result = await send(enforcing, { query: '{ organizations { slug } }' }, { cookie });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    expect(result.errors?.[0]?.message).toMatch(/persisted/);
  });

  it('refuse the text of a listed document too: a session sends the hash', async () => {
    const result = await send(enforcing, { query: VIEWER_DOCUMENT }, { cookie });
    expect(result.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
  });

  it('run a listed document sent by hash, as the signed-in user', async () => {
    const result = await send(enforcing, persisted(VIEWER_DOCUMENT), { cookie });
    expect(result).toEqual({ data: { me: { user: { email: 'admin@acme.test' } } } });
  });

  it('answer an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const result = await send(enforcing, persisted('query Unknown { me { user { id } } }'), { cookie });
    expect(result.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('let an API token send any document', async () => {
    const result = await send(enforcing, { query: '{ organizations { slug } }' }, { authorization: `Bearer ${token}` });
    expect(result).toEqual({ data: { organizations: [{ slug: 'acme' }] } });
  });

  it('let anonymous callers (the public portal) send any document', async () => {
    const result = await send(enforcing, { query: '{ organizations { slug } }' });
    expect(result).toEqual({ data: { organizations: [{ slug: 'acme' }] } });
  });
});

describe('trusted documents, not enforced (development and most tests)', () => {
  it('let a cookie session send any document, and hashes still work', async () => {
    expect((await api.query('{ organizations { slug } }', {}, { cookie })).data).toEqual({ organizations: [{ slug: 'acme' }] });
  });
});

describe('the committed list', () => {
  it("names every document by the SHA-256 of its text, and holds the dashboard's sign-in", () => {
    const documents = loadTrustedDocuments();
    for (const [hash, text] of documents) expect(sha256(text)).toBe(hash);
    expect([...documents.values()].some((text) => text.startsWith('mutation DashboardLogin('))).toBe(true);
  });
});
