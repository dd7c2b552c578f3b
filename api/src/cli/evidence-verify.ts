// pnpm cli evidence:verify <evidence.json> --keys <file>
// Checks the signed evidence of an announced change (a subprocessor list
// version or a material policy version) offline, as
// receipt:verify checks a receipt: the signature must verify with the key it
// names, taken only from the keys the user holds (a saved copy of
// /.well-known/audit-checkpoints/<org>.json, or a PEM public key).
// No database, no network. Exit 0 genuine, 1 not genuine, 2 could not run.
import { parseArgs } from 'node:util';
import { evidenceSignatureValid, type SignedEvidence } from '../subprocessors/evidence.ts';
import { type CommandIo, UsageError } from './run-command.ts';
import { parseJson, readTextFile, readTrustedKeyFile } from './trusted-key-file.ts';

export const EVIDENCE_VERIFY_USAGE =
  'pnpm cli evidence:verify <evidence.json> --keys <file>\n' +
  '  <evidence.json>: the evidence of an announced change (a policy version or a subprocessor list) as downloaded from the dashboard.\n' +
  '  --keys: a saved copy of /.well-known/audit-checkpoints/<org>.json, or a PEM public key.\n' +
  '  Exit status: 0 genuine, 1 not genuine, 2 could not run.';

export async function evidenceVerifyCommand(io: CommandIo): Promise<number> {
  const print = io.out;
  const { file, keysFile } = parseEvidenceVerifyArgs(io.argv);
  const signed = await readEvidence(file);
  // Only the keys the user holds: a record names its key, but naming one proves nothing.
  const key = (await readTrustedKeyFile(keysFile)).get(signed.signature.publicKeyId);
  if (!key) {
    print(`NOT VERIFIED: ${file} is signed by key ${signed.signature.publicKeyId}, which ${keysFile} does not hold.`);
    return 1;
  }
  if (!evidenceSignatureValid(signed, key)) {
    print(`NOT GENUINE: the signature of ${file} does not match its content; the record was altered or is forged.`);
    return 1;
  }
  for (const line of describeEvidence(signed)) print(line);
  return 0;
}

/** What a genuine record says, in a few lines: which change, who signed, how the notices and any objections went. */
function describeEvidence(signed: SignedEvidence): string[] {
  const evidence = signed.evidence as {
    organization?: { name?: string };
    change?: { kind?: string; document?: string; title?: string; version?: string; effectiveAt?: string };
    notices?: { notified?: number; delivered?: number; failed?: number };
    objections?: { confirmed?: number; resolved?: number; process?: string };
  };
  const change = evidence.change;
  const what =
    change?.kind === 'policy-version'
      ? `policy ${change.document} ${change.version} (${change.title})`
      : `subprocessor list ${change?.version}`;
  return [
    `OK: evidence of ${what} is signed by ${evidence.organization?.name} (key ${signed.signature.publicKeyId.slice(0, 16)}…).`,
    `  effective: ${change?.effectiveAt}`,
    `  notified: ${evidence.notices?.notified} (delivered ${evidence.notices?.delivered}, failed ${evidence.notices?.failed})`,
    evidence.objections?.process === 'none'
      ? '  objections: none possible (policy changes have no objection process)'
      : `  objections: ${evidence.objections?.confirmed} confirmed, ${evidence.objections?.resolved} resolved`,
  ];
}

function parseEvidenceVerifyArgs(argv: string[]): { file: string; keysFile: string } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { keys: { type: 'string' } }, strict: true, allowPositionals: true });
    if (positionals.length !== 1 || !positionals[0]) throw new Error('name one evidence file');
    if (!values.keys) throw new Error('--keys is required');
    return { file: positionals[0], keysFile: values.keys };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${EVIDENCE_VERIFY_USAGE}`);
  }
}

async function readEvidence(file: string): Promise<SignedEvidence> {
  const document = parseJson(await readTextFile(file, 'evidence'), file) as Partial<SignedEvidence>;
  const signature = document.signature;
  if (
    typeof document.evidence !== 'object' ||
    document.evidence === null ||
    typeof signature?.publicKeyId !== 'string' ||
    typeof signature.value !== 'string'
  ) {
    throw new UsageError(`${file} is not the evidence of a change (expected "evidence" and "signature" with publicKeyId and value).`);
  }
  return document as SignedEvidence;
}
