// Requests answered with packages, through the API as staff and requester use it.
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApi } from '../helpers/api.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';

export const RESULT = `__typename ... on InputError { code field message }`;
export const PACKAGE_FIELDS = `id version status timeline { kind public } dataPackage { sha256 sizeBytes sealedAt erasedAt identityProofRequired identityProvedAt identityProofMethod link { expiresAt maxDownloads downloads state } }`;

export interface StaffPackageView {
  id: string;
  version: number;
  status: string;
  timeline: { kind: string; public: boolean }[];
  dataPackage: {
    sha256: string;
    sizeBytes: number;
    sealedAt: string;
    erasedAt: string | null;
    identityProofRequired: boolean;
    identityProvedAt: string | null;
    identityProofMethod: string | null;
    link: { expiresAt: string; maxDownloads: number; downloads: number; state: string } | null;
  } | null;
}

export type Outcome = { __typename: string; code?: string; field?: string; message?: string; data?: StaffPackageView };

/** One staff package mutation; `args` follow the id. */
export async function packageAction(
  api: TestApi,
  cookie: string,
  mutation: string,
  id: string,
  args = '',
  variables: Record<string, unknown> = {},
) {
  const declared = Object.keys(variables)
    .map((name) => `, $${name}: ${name === 'items' ? '[PrivacyPackageItemInput!]!' : 'String!'}`)
    .join('');
  const response = await api.query<Record<string, Outcome>>(
    `mutation ($id: ID!${declared}) { ${mutation}(id: $id${args ? `, ${args}` : ''}) {
      ${RESULT} ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { data { ${PACKAGE_FIELDS} } } } }`,
    { id, ...variables },
    { cookie },
  );
  if (response.errors) {
    const [error] = response.errors;
    return { __typename: 'Error', code: String(error?.extensions?.code), field: String(error?.extensions?.field), message: error?.message };
  }
  return response.data?.[mutation] as Outcome;
}

export async function seal(api: TestApi, cookie: string, id: string, items: unknown): Promise<Outcome> {
  return packageAction(api, cookie, 'sealPrivacyPackage', id, 'items: $items', { items });
}

export async function sealOk(api: TestApi, cookie: string, id: string, items: unknown): Promise<StaffPackageView> {
  const outcome = await seal(api, cookie, id, items);
  if (!outcome.data) throw new Error(`sealPrivacyPackage failed: ${outcome.code} ${outcome.field} ${outcome.message}`);
  return outcome.data;
}

/** A verified request of `organization` (for a copy of the data unless `kinds` say otherwise) and its requester's status token, from the received mail. */
export async function verifiedRequest(api: TestApi, cookie: string, organization: string, kinds: PrivacyRequestKind[] = ['ACCESS']) {
  const submitted = await submitForTest(api, { organization, kinds });
  const response = await api.query<{ verifyDeletionRequestManually: Outcome }>(
    `mutation ($id: ID!) { verifyDeletionRequestManually(id: $id, version: 1, reason: "Checked by phone") { ${RESULT} } }`,
    { id: submitted.id },
    { cookie },
  );
  expect(response.data?.verifyDeletionRequestManually.__typename).not.toBe('InputError');
  const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
  return { ...submitted, statusToken: tokenInLink(received?.body_text ?? null, 'status') };
}

export interface RequesterPackageView {
  sha256: string;
  sizeBytes: number;
  download: { link: string; expiresAt: string; downloadsLeft: number } | null;
}

export async function requesterPackage(api: TestApi, statusToken: string): Promise<RequesterPackageView | null> {
  const response = await api.query<{ deletionRequestStatus: { dataPackage: RequesterPackageView | null } | null }>(
    'query ($token: String!) { deletionRequestStatus(token: $token) { dataPackage { sha256 sizeBytes download { link expiresAt downloadsLeft } } } }',
    { token: statusToken },
  );
  return response.data?.deletionRequestStatus?.dataPackage ?? null;
}

/** The raw answer to a download, as a client receives it: status and body text. */
export async function downloadRaw(api: TestApi, statusToken: string, link: string, format: 'JSON' | 'HTML' = 'JSON') {
  const response = await api.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1' },
    body: JSON.stringify({
      query:
        'mutation ($statusToken: String!, $link: String!, $format: PrivacyPackageFormat!) { downloadPrivacyPackage(statusToken: $statusToken, link: $link, format: $format) { filename contentType content } }',
      variables: { statusToken, link, format },
    }),
  });
  return { status: response.status, body: await response.text() };
}

export async function download(api: TestApi, statusToken: string, link: string, format: 'JSON' | 'HTML' = 'JSON') {
  const { body } = await downloadRaw(api, statusToken, link, format);
  return (JSON.parse(body) as { data: { downloadPrivacyPackage: { filename: string; contentType: string; content: string } | null } }).data
    .downloadPrivacyPackage;
}

/** The tables (and columns' text) where `needle` appears, in plain text or as the hex of bytea. */
export async function tablesContaining(database: TestDatabase, needle: string): Promise<string[]> {
  const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(database.owner);
  const found: string[] = [];
  const hex = Buffer.from(needle, 'utf8').toString('hex');
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ count: string }>`
      select count(*) as count from ${sql.table(name)} as row where row::text like ${`%${needle}%`} or row::text like ${`%${hex}%`}`.execute(
      database.owner,
    );
    if (Number(rows[0]?.count) > 0) found.push(name);
  }
  return found;
}
