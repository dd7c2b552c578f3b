// pnpm cli receipt:verify <receipt.json> --keys <file>
// Checks a deletion receipt offline: the signature must verify with the key
// it names, taken only from the keys the user holds: the organization's
// published key list (a saved copy of /.well-known/audit-checkpoints/<org>.json)
// or a PEM public key.
// No database, no network. Exit 0 genuine, 1 not genuine, 2 could not run.
import { parseArgs } from 'node:util';
import type { SignedReceiptJson } from '@governance/db';
import { receiptSignatureValid } from '../deletion-requests/receipt.ts';
import { type CommandIo, UsageError } from './run-command.ts';
import { parseJson, readTextFile, readTrustedKeyFile } from './trusted-key-file.ts';

export const RECEIPT_VERIFY_USAGE =
  'pnpm cli receipt:verify <receipt.json> --keys <file>\n' +
  '  <receipt.json>: the receipt as downloaded from the status page or attached to the completion mail.\n' +
  '  --keys: a saved copy of /.well-known/audit-checkpoints/<org>.json, or a PEM public key.\n' +
  '  Exit status: 0 genuine, 1 not genuine, 2 could not run.';

export async function receiptVerifyCommand(io: CommandIo): Promise<number> {
  const print = io.out;
  const { file, keysFile } = parseReceiptVerifyArgs(io.argv);
  const signed = await readReceipt(file);
  // Only the keys the user holds: a receipt names its key, but naming one proves nothing.
  const keys = await readTrustedKeyFile(keysFile);
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

async function readReceipt(file: string): Promise<SignedReceiptJson> {
  const document = parseJson(await readTextFile(file, 'receipt'), file) as Partial<SignedReceiptJson>;
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
