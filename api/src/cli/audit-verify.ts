// pnpm cli audit:verify --org <slug> [--checkpoint <file>] [--keys <file>]
// Verifies an organization's audit chain offline, straight from the
// database: every hash recomputed, every link and seq checked. Signatures
// count only with keys the user already holds: those of a saved checkpoint
// file (as served at /.well-known/audit-checkpoints/<org>.json), or those
// pinned with --keys (a PEM public key or a saved key list), never keys the
// database names. Each saved checkpoint must verify with such a key and the
// chain must hold the signed hash at its seq, unless a purge record signed
// by such a key covers it: a rewrite of the database, however thorough,
// then shows. Without a trusted key the chain is checked for consistency
// only, and a purge it starts after is reported as not verified.
// Exit 0 intact, 1 tampered, 2 usage, 3 not verifiable without a trusted key.
import { parseArgs } from 'node:util';
import { pendingCount, sealedThrough } from '../audit/audit-sealer.service.ts';
import type { PurgeRecord } from '../audit/audit-verify.service.ts';
import { verificationBounds } from '../audit/audit-verify.service.ts';
import { verifyChainInParallel } from '../audit/audit-verify-parallel.ts';
import type { Checkpoint } from '../audit/checkpoint.ts';
import { signedByTrustedKey, type TrustedKeys } from '../audit/trusted-keys.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { loadConfig } from '../config.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { createLogger } from '../shared/logger.ts';
import { openMigratedDatabase } from './database.ts';
import { type CommandIo, UsageError } from './run-command.ts';
import { keysOfPublishedList, parseJson, readTextFile, readTrustedKeyFile } from './trusted-key-file.ts';

export const AUDIT_VERIFY_USAGE =
  'pnpm cli audit:verify --org <slug> [--checkpoint <file>] [--keys <file>]\n' +
  '  --checkpoint: a copy of /.well-known/audit-checkpoints/<slug>.json saved earlier; its publicKeys are the trusted keys.\n' +
  '  --keys: pin the trusted keys instead: a PEM public key, or a saved copy of the well-known document.\n' +
  "  Without either, only the chain's consistency is checked, no signature.\n" +
  '  Exit status: 0 intact, 1 tampered (the first bad seq is printed), 2 could not run,\n' +
  '  3 consistent but starting after a purge whose signature no trusted key checked.';

/** Exit status when the chain holds together but its start rests on a purge record nobody could check. */
export const EXIT_UNVERIFIED = 3;

export async function auditVerifyCommand(io: CommandIo): Promise<number> {
  const print = io.out;
  const values = parseAuditVerifyArgs(io.argv);
  const checkpointFile = values.checkpoint ? await readCheckpointFile(values.checkpoint) : null;
  const pinned = values.keys ? await readTrustedKeyFile(values.keys) : null;
  const keys = pinned ?? checkpointFile?.keys ?? null;
  if (keys?.size === 0) throw new UsageError(`${values.keys ?? values.checkpoint} holds no valid public key.`);
  const config = loadConfig(io.env);
  // Not a command context: this check trusts only the keys its user holds, never the configured ones.
  const database = await openMigratedDatabase(config, createLogger('warn'));
  try {
    const chain = (await organizationBySlug(database, values.org))?.id;
    if (!chain) throw new UsageError(`No organization "${values.org}".`);
    let trusted: Checkpoint[] = [];
    if (checkpointFile && keys) {
      if (checkpointFile.chain !== chain) {
        throw new UsageError(`${values.checkpoint} holds checkpoints of chain ${checkpointFile.chain}, not of ${values.org} (${chain}).`);
      }
      const invalid = checkpointFile.checkpoints.filter((checkpoint) => !validCheckpoint(checkpoint, chain, keys));
      if (invalid.length > 0) {
        const against = pinned ? `a key in ${values.keys}` : 'their published key';
        print(
          `FAILED: ${invalid.length} checkpoint(s) in ${values.checkpoint} do not verify with ${against} (first: seq ${invalid[0]?.seq}).`,
        );
        return 1;
      }
      trusted = checkpointFile.checkpoints;
    }
    // No trusted copy: walk on past a purge record to check the rest, and say below that it was not verified.
    const trust = keys ? { keys } : { keys: new Map() as TrustedKeys, followUnverifiedPurges: true };
    const head = await sealedThrough(database.db, chain);
    const { startsAfter } = await verificationBounds(database.db, chain, trust);
    // Every core: a chain of millions of events verifies in seconds.
    const result = await verifyChainInParallel(database, systemPrincipal('audit:verify command'), chain, {
      url: database.url,
      trusted,
      ...trust,
    });
    if (!result.ok) {
      print(`TAMPERED: the audit chain of ${values.org} is not what was sealed from seq ${result.firstBadSeq}.`);
      print(`  first bad seq: ${result.firstBadSeq}`);
      print(`  reason: ${result.reason}`);
      print(`  events verified before it: ${result.eventsChecked}`);
      return 1;
    }
    if (startsAfter && !startsAfter.signatureVerified) {
      print(
        `UNVERIFIED: the audit chain of ${values.org} is consistent only from seq ${startsAfter.throughSeq + 1}: ${result.eventsChecked} events verified, sealed through seq ${head.seq}.`,
      );
      print(`  ${purgeLine(startsAfter)}, which was not checked: no trusted key was given.`);
      print('  Give --checkpoint or --keys (a copy of the well-known document saved earlier) to check it.');
      return EXIT_UNVERIFIED;
    }
    print(`OK: the audit chain of ${values.org} is intact: ${result.eventsChecked} events verified, sealed through seq ${head.seq}.`);
    if (startsAfter) print(`  ${purgeLine(startsAfter)}, verified with a trusted key.`);
    const highest = trusted.reduce<Checkpoint | null>((best, checkpoint) => (best && best.seq >= checkpoint.seq ? best : checkpoint), null);
    if (highest) print(`  ${trusted.length} signed checkpoint(s) hold, the latest at seq ${highest.seq} (signed ${highest.signedAt}).`);
    if (!keys) print('  No signature was checked: without --checkpoint or --keys, a chain rewritten whole would pass too.');
    const pending = await pendingCount(database.db);
    if (pending > 0) print(`  ${pending} newer event(s) are waiting to be sealed.`);
    return 0;
  } finally {
    await database.close();
  }
}

function purgeLine(purge: PurgeRecord): string {
  return `events through seq ${purge.throughSeq} were purged by retention; the record at seq ${purge.recordedAt} is signed by key ${purge.publicKeyId.slice(0, 16)}…`;
}

function parseAuditVerifyArgs(argv: string[]): { org: string; checkpoint: string | undefined; keys: string | undefined } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { org: { type: 'string' }, checkpoint: { type: 'string' }, keys: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.org) throw new Error('--org is required');
    return { org: values.org, checkpoint: values.checkpoint, keys: values.keys };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${AUDIT_VERIFY_USAGE}`);
  }
}

interface CheckpointFile {
  chain: string;
  checkpoints: Checkpoint[];
  /** The document's own key list: trusted unless --keys pins others. */
  keys: TrustedKeys;
}

/** Reads a saved well-known document; a key counts only if its id is the hash of the key itself. */
async function readCheckpointFile(file: string): Promise<CheckpointFile> {
  const document = parseJson(await readTextFile(file, 'checkpoint file'), file) as {
    chain?: unknown;
    publicKeys?: unknown;
    checkpoints?: Checkpoint[];
  } | null;
  if (typeof document?.chain !== 'string' || !Array.isArray(document.checkpoints) || !Array.isArray(document.publicKeys)) {
    throw new UsageError(`${file} is not an audit checkpoint document (expected chain, publicKeys and checkpoints).`);
  }
  return { chain: document.chain, checkpoints: document.checkpoints, keys: keysOfPublishedList(document, file) };
}

function validCheckpoint(checkpoint: Checkpoint, chain: string, keys: TrustedKeys): boolean {
  if (typeof checkpoint !== 'object' || checkpoint === null) return false;
  return checkpoint.chain === chain && Number.isSafeInteger(checkpoint.seq) && checkpoint.seq > 0 && signedByTrustedKey(checkpoint, keys);
}
