// pnpm cli receipt:verify <receipt.json> --keys <file>
// Checks a deletion receipt offline: the signature must verify with the key
// it names, taken from the organization's published key list (a saved copy
// of /.well-known/audit-checkpoints/<org>.json) or from a PEM public key.
// No database, no network. Exit 0 genuine, 1 not genuine, 2 could not run.
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SignedReceiptJson } from '@governance/db';
import { publicKeyId, publishedKeysById } from '../audit/checkpoint.ts';
import { receiptSignatureValid } from '../deletion-requests/receipt.ts';
import { UsageError } from './run-command.ts';

export const RECEIPT_VERIFY_USAGE =
  'pnpm cli receipt:verify <receipt.json> --keys <file>\n' +
  '  <receipt.json>: the receipt as downloaded from the status page or attached to the completion mail.\n' +
  '  --keys: a saved copy of /.well-known/audit-checkpoints/<org>.json, or a PEM public key.\n' +
  '  Exit status: 0 genuine, 1 not genuine, 2 could not run.';

export async function receiptVerifyCommand(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { file, keysFile } = parseReceiptVerifyArgs(argv);
  const signed = await readReceipt(file);
  const keys = await readKeys(keysFile);
  const key = keys.get(signed.signature.publicKeyId);
  if (!key) {
    print(`NOT VERIFIED: ${file} is signed by key ${signed.signature.publicKeyId}, which ${keysFile} does not hold.`);
    return 1;
  }
  if (!receiptSignatureValid(signed, key)) {
    print(`NOT GENUINE: the signature of ${file} does not match its content; the receipt was altered or is forged.`);
    return 1;
  }
  const receipt = signed.receipt as {
    reference?: string;
    organization?: { name?: string };
    completedAt?: string;
    privacyPolicy?: { sha256?: string } | null;
  };
  print(`OK: receipt ${receipt.reference} is signed by ${receipt.organization?.name} (key ${signed.signature.publicKeyId.slice(0, 16)}…).`);
  print(`  completed: ${receipt.completedAt}`);
  if (receipt.privacyPolicy?.sha256) print(`  privacy policy in force: sha256 ${receipt.privacyPolicy.sha256}`);
  return 0;
}

function parseReceiptVerifyArgs(argv: string[]): { file: string; keysFile: string } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { keys: { type: 'string' } }, strict: true, allowPositionals: true });
    if (positionals.length !== 1 || !positionals[0]) throw new Error('name one receipt file');
    if (!values.keys) throw new Error('--keys is required');
    return { file: positionals[0], keysFile: values.keys };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${RECEIPT_VERIFY_USAGE}`);
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

async function readReceipt(file: string): Promise<SignedReceiptJson> {
  const document = (await readJson(file, 'receipt')) as Partial<SignedReceiptJson>;
  const signature = document.signature;
  if (
    typeof document.receipt !== 'object' ||
    document.receipt === null ||
    typeof signature?.publicKeyId !== 'string' ||
    typeof signature.value !== 'string'
  ) {
    throw new UsageError(`${file} is not a deletion receipt (expected "receipt" and "signature" with publicKeyId and value).`);
  }
  return document as SignedReceiptJson;
}

async function readKeys(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`Cannot read the key file ${file}: ${error.message}`);
  });
  if (text.trimStart().startsWith('-----BEGIN PUBLIC KEY-----')) {
    try {
      return new Map([[publicKeyId(createPublicKey(text)), text]]);
    } catch {
      throw new UsageError(`${file} holds no readable public key.`);
    }
  }
  const document = (await readJson(file, 'key file')) as { publicKeys?: unknown };
  if (!Array.isArray(document.publicKeys)) {
    throw new UsageError(`${file} is neither a PEM public key nor a published key list (expected "publicKeys").`);
  }
  return publishedKeysById(document.publicKeys);
}
