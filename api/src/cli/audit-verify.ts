// pnpm cli audit:verify --org <slug> [--checkpoint <file>]
// Verifies an organization's audit chain offline, straight from the
// database: every hash recomputed, every link and seq checked. With a saved
// checkpoint file (as served at /.well-known/audit-checkpoints/<org>.json),
// each checkpoint's signature must verify with its published key and the
// chain must hold the signed hash at its seq: a rewrite of the database,
// however thorough, then shows. Exit 0 intact, 1 tampered, 2 usage.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { organizationIdForSlug } from '../audit/audit.service.ts';
import { pendingCount, sealedThrough } from '../audit/audit-sealer.service.ts';
import { verifyChainInParallel } from '../audit/audit-verify-parallel.ts';
import { type Checkpoint, checkpointSignatureValid, publishedKeysById } from '../audit/checkpoint.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { UsageError } from './run-command.ts';

export const AUDIT_VERIFY_USAGE =
  'pnpm cli audit:verify --org <slug> [--checkpoint <file>]\n' +
  '  --checkpoint: a copy of /.well-known/audit-checkpoints/<slug>.json saved earlier.\n' +
  '  Exit status: 0 intact, 1 tampered (the first bad seq is printed), 2 could not run.';

export async function auditVerifyCommand(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const values = parseAuditVerifyArgs(argv);
  const checkpointFile = values.checkpoint ? await readCheckpointFile(values.checkpoint) : null;
  const config = loadConfig();
  const database = await openMigratedDatabase(config, createLogger('warn'));
  try {
    const chain = await organizationIdForSlug(database.db, values.org);
    if (!chain) throw new UsageError(`No organization "${values.org}".`);
    let trusted: Checkpoint[] = [];
    if (checkpointFile) {
      if (checkpointFile.chain !== chain) {
        throw new UsageError(`${values.checkpoint} holds checkpoints of chain ${checkpointFile.chain}, not of ${values.org} (${chain}).`);
      }
      const invalid = checkpointFile.checkpoints.filter((checkpoint) => !checkpointFile.validSignature(checkpoint));
      if (invalid.length > 0) {
        print(
          `FAILED: ${invalid.length} checkpoint(s) in ${values.checkpoint} do not verify with their published key (first: seq ${invalid[0]?.seq}).`,
        );
        return 1;
      }
      trusted = checkpointFile.checkpoints;
    }
    const head = await sealedThrough(database.db, chain);
    // Every core: a chain of millions of events verifies in seconds.
    const result = await verifyChainInParallel(database.db, chain, { url: database.url, trusted });
    if (!result.ok) {
      print(`TAMPERED: the audit chain of ${values.org} is not what was sealed from seq ${result.firstBadSeq}.`);
      print(`  first bad seq: ${result.firstBadSeq}`);
      print(`  reason: ${result.reason}`);
      print(`  events verified before it: ${result.eventsChecked}`);
      return 1;
    }
    print(`OK: the audit chain of ${values.org} is intact: ${result.eventsChecked} events verified, sealed through seq ${head.seq}.`);
    const highest = trusted.reduce<Checkpoint | null>((best, checkpoint) => (best && best.seq >= checkpoint.seq ? best : checkpoint), null);
    if (highest) print(`  ${trusted.length} signed checkpoint(s) hold, the latest at seq ${highest.seq} (signed ${highest.signedAt}).`);
    const pending = await pendingCount(database.db);
    if (pending > 0) print(`  ${pending} newer event(s) are waiting to be sealed.`);
    return 0;
  } finally {
    await database.close();
  }
}

function parseAuditVerifyArgs(argv: string[]): { org: string; checkpoint: string | undefined } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { org: { type: 'string' }, checkpoint: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.org) throw new Error('--org is required');
    return { org: values.org, checkpoint: values.checkpoint };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${AUDIT_VERIFY_USAGE}`);
  }
}

interface CheckpointFile {
  chain: string;
  checkpoints: Checkpoint[];
  validSignature(checkpoint: Checkpoint): boolean;
}

/** Reads a saved well-known document; a key counts only if its id is the hash of the key itself. */
async function readCheckpointFile(file: string): Promise<CheckpointFile> {
  let document: {
    chain?: unknown;
    publicKeys?: { id?: unknown; publicKey?: unknown }[];
    checkpoints?: Checkpoint[];
  };
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the checkpoint file ${file}: ${(error as Error).message}`);
  }
  if (typeof document.chain !== 'string' || !Array.isArray(document.checkpoints) || !Array.isArray(document.publicKeys)) {
    throw new UsageError(`${file} is not an audit checkpoint document (expected chain, publicKeys and checkpoints).`);
  }
  const keys = publishedKeysById(document.publicKeys);
  const chain = document.chain;
  return {
    chain,
    checkpoints: document.checkpoints,
    validSignature: (checkpoint) => {
      const key = keys.get(checkpoint.publicKeyId);
      return (
        key !== undefined &&
        checkpoint.chain === chain &&
        Number.isSafeInteger(checkpoint.seq) &&
        checkpoint.seq > 0 &&
        checkpointSignatureValid(checkpoint, key)
      );
    },
  };
}
