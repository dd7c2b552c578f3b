// api/trusted-documents.json must be exactly what the dashboard's operations
// produce, or the dashboard would send hashes the API does not know.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { TRUSTED_DOCUMENTS_FILE, trustedDocumentsJson } from '../../portal/src/dashboard/scripts/write-trusted-documents.ts';

it('api/trusted-documents.json is up to date with portal/src/dashboard/operations', async () => {
  expect(await readFile(TRUSTED_DOCUMENTS_FILE, 'utf8'), 'run pnpm --filter @governance/portal dashboard:documents').toBe(
    trustedDocumentsJson(),
  );
});
