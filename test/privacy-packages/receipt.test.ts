// The completion receipt of a request answered with a package names the
// package's SHA-256 and size, verifies offline, and fails after one changed byte.

import type { SignedReceipt } from '@governance/api/deletion-requests/models';
import { receiptSignatureValid } from '@governance/api/deletion-requests/receipt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { RESULT, sealOk, verifiedRequest } from './fixtures.ts';

describe('the receipt of a request answered with a package', () => {
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-05-04T10:00:00.000Z');
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
  });
  afterAll(() => database.drop());

  it("names the package's SHA-256 and size, verifies offline, and fails after one changed byte", async () => {
    const officer = await signIn(api, 'officer@acme.test');
    const request = await verifiedRequest(api, officer, 'acme');
    const sealed = await sealOk(api, officer, request.id, [
      { category: 'Account', system: 'Accounts', fields: [{ name: 'Email', value: 'me@example.com' }] },
    ]);
    const started = await api.query<{ startDeletionRequest: { data?: { version: number } } }>(
      `mutation ($id: ID!, $version: Int!) { startDeletionRequest(id: $id, version: $version) {
        ${RESULT} ... on MutationStartDeletionRequestSuccess { data { version } } } }`,
      { id: request.id, version: sealed.version },
      { cookie: officer },
    );
    const completed = await api.query<{ completeDeletionRequest: { data?: { receipt: string } } }>(
      `mutation ($id: ID!, $version: Int!) { completeDeletionRequest(id: $id, version: $version, summary: "Copy sent", systems: ["Accounts"]) {
        ${RESULT} ... on MutationCompleteDeletionRequestSuccess { data { receipt } } } }`,
      { id: request.id, version: started.data?.startDeletionRequest.data?.version },
      { cookie: officer },
    );
    expect(completed.errors ?? [], JSON.stringify(completed)).toEqual([]);
    const text = completed.data?.completeDeletionRequest.data?.receipt ?? '';
    expect(text, JSON.stringify(completed)).not.toBe('');
    const signed = JSON.parse(text) as SignedReceipt;
    expect(signed.receipt.package).toEqual({ sha256: sealed.dataPackage?.sha256, sizeBytes: sealed.dataPackage?.sizeBytes });
    const publicKey = api.services.signingKey.publicKeyPem;
    expect(receiptSignatureValid(signed, publicKey)).toBe(true);

    // One changed byte anywhere in the package's facts, and the receipt no longer verifies.
    const sha256 = sealed.dataPackage?.sha256 ?? '';
    const flipped = `${sha256[0] === 'a' ? 'b' : 'a'}${sha256.slice(1)}`;
    const forged = JSON.parse(text.replace(sha256, flipped)) as SignedReceipt;
    expect(forged.receipt.package).toMatchObject({ sha256: flipped });
    expect(receiptSignatureValid(forged, publicKey)).toBe(false);
    const resized = JSON.parse(
      text.replace(`"sizeBytes": ${sealed.dataPackage?.sizeBytes}`, `"sizeBytes": ${(sealed.dataPackage?.sizeBytes ?? 0) + 1}`),
    );
    expect(resized.receipt.package.sizeBytes).toBe((sealed.dataPackage?.sizeBytes ?? 0) + 1);
    expect(receiptSignatureValid(resized, publicKey)).toBe(false);
  });
});
