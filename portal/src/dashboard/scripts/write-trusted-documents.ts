// Writes api/trusted-documents.json, the only documents the API runs for a
// signed-in dashboard session in production: { "<sha256 hex>": "<text>" }
// for every operation in ../operations. With --check, writes nothing and
// exits 1 when the committed file differs.
//   pnpm --filter @governance/portal dashboard:documents [--check]
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as operations from '../operations/index.ts';
import { documentText } from '../trusted-documents.ts';

export const TRUSTED_DOCUMENTS_FILE = path.resolve(import.meta.dirname, '../../../../api/trusted-documents.json');

interface DocumentLike {
  kind: string;
  definitions: readonly { kind: string }[];
}

const isOperationDocument = (value: unknown): value is DocumentLike =>
  typeof value === 'object' &&
  value !== null &&
  (value as DocumentLike).kind === 'Document' &&
  (value as DocumentLike).definitions.some((definition) => definition.kind === 'OperationDefinition');

/** The manifest as the file holds it: sorted by hash, so it changes only when a document does. */
export function trustedDocumentsJson(): string {
  const entries = Object.values(operations)
    .filter(isOperationDocument)
    .map((document) => {
      const text = documentText(document as never);
      return [createHash('sha256').update(text, 'utf8').digest('hex'), text] as const;
    })
    .sort(([a], [b]) => a.localeCompare(b));
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

async function main(): Promise<number> {
  const json = trustedDocumentsJson();
  if (process.argv.includes('--check')) {
    const committed = await readFile(TRUSTED_DOCUMENTS_FILE, 'utf8').catch(() => '');
    if (committed === json) return 0;
    console.error(`${TRUSTED_DOCUMENTS_FILE} is stale: run pnpm --filter @governance/portal dashboard:documents`);
    return 1;
  }
  await writeFile(TRUSTED_DOCUMENTS_FILE, json);
  console.log(`Wrote ${Object.keys(JSON.parse(json)).length} documents to ${TRUSTED_DOCUMENTS_FILE}`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
