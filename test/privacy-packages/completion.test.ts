// A request for a copy of the data (access, portability) is answered by its
// sealed package. The API refuses to complete one whose package is not sealed
// (PACKAGE_NOT_SEALED), before any receipt is signed or anything is written:
// otherwise an API client, or a dialog opened before the package was sealed,
// would tell the person their copy is ready while there is nothing to download.

import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { RESULT, sealOk, verifiedRequest } from './fixtures.ts';

interface Completed {
  __typename: string;
  code?: string;
  field?: string;
  message?: string;
  data?: { status: string; version: number; receipt: string | null };
}

describe('completing a request for a copy of the data', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-05-04T10:00:00.000Z');
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  async function staffAction(mutation: string, id: string, version: number, args = ''): Promise<Completed> {
    const response = await api.query<Record<string, Completed>>(
      `mutation ($id: ID!, $version: Int!) { ${mutation}(id: $id, version: $version${args ? `, ${args}` : ''}) {
        ${RESULT} ... on Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Success { data { status version receipt } } } }`,
      { id, version },
      { cookie: officer },
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data?.[mutation] as Completed;
  }

  const complete = (id: string, version: number) =>
    staffAction('completeDeletionRequest', id, version, 'summary: "Copy sent", systems: ["Accounts"]');

  /** Everything a completion writes: the request's row, its timeline, its audit events, its receipt and its mail. */
  async function traces(id: string, email: string) {
    const { rows } = await sql<Record<string, unknown>>`
      select request.status, request.version, request.receipt is not null as signed, request.completion is not null as completed,
        (select count(*) from deletion_request_event where request_id = request.id)::int as timeline,
        (select count(*) from privacy_request_retained_item where request_id = request.id)::int as retained,
        ((select count(*) from audit_event where target_id = request.id::text)
          + (select count(*) from audit_event_pending where target_id = request.id::text))::int as audit,
        (select count(*) from mail_outbox where recipient = ${email})::int as mail
      from deletion_request as request where request.id = ${id}`.execute(database.owner);
    return rows[0];
  }

  for (const kinds of [['ACCESS'], ['PORTABILITY'], ['ACCESS', 'DELETION']] as PrivacyRequestKind[][]) {
    it(`refuses to complete a request asking for ${kinds.join(' and ')} without a sealed package, changing nothing, and completes it once sealed`, async () => {
      const request = await verifiedRequest(api, officer, 'acme', kinds);
      const started = await staffAction('startDeletionRequest', request.id, 2);
      if (!started.data) throw new Error(`${started.code} ${started.message}`);
      const before = await traces(request.id, request.email);

      const refused = await complete(request.id, started.data.version);
      expect(refused).toMatchObject({ __typename: 'InputError', code: 'PACKAGE_NOT_SEALED', field: 'id' });
      expect(refused.message).toContain('Seal the data package');
      expect(await traces(request.id, request.email)).toEqual(before);
      expect(before).toMatchObject({ status: 'IN_PROGRESS', signed: false, completed: false, retained: 0 });

      const sealed = await sealOk(api, officer, request.id, [
        { category: 'Account', system: 'Accounts', fields: [{ name: 'Email', value: request.email }] },
      ]);
      const completed = await complete(request.id, sealed.version);
      expect(completed.data, JSON.stringify(completed)).toMatchObject({ status: 'COMPLETED' });
      expect(JSON.parse(completed.data?.receipt ?? 'null').receipt.package).toEqual({
        sha256: sealed.dataPackage?.sha256,
        sizeBytes: sealed.dataPackage?.sizeBytes,
      });
    });
  }
});
