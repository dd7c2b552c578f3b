// Signs the head of each chain, and publishes the latest signatures so that
// anyone can keep a copy: a later rewrite of the chain up to a published
// head, even by the database's superuser, then shows. The keys published
// are the configured ones (trusted-keys.ts), never read from the database,
// so a key slipped into it is neither published nor trusted.
import type { Database, Db } from '@governance/db';
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import type { Clock } from '../shared/clock.ts';
import * as repository from './audit.repository.ts';
import * as checkpoints from './audit-checkpoint.repository.ts';
import { type Checkpoint, checkpointPayload, signCheckpointPayload } from './checkpoint.ts';
import type { SigningKey } from './signing-key.ts';
import { formatAuditTimestamp } from './timestamp.ts';
import { signedByTrustedKey, type TrustedKeys } from './trusted-keys.ts';

/** How many of the latest checkpoints the well-known document lists. */
export const PUBLISHED_CHECKPOINTS = 24;

/**
 * Signs the current head of every chain (or of `chain`) that has moved since
 * its last checkpoint under this key; returns the checkpoints it made.
 * Signing for the deployment is a site-wide action: the system (the hourly
 * job, the command, a purge) and site administrators only.
 */
export async function createCheckpoint(
  context: { db: Db; clock: Clock },
  principal: Principal,
  key: SigningKey,
  chain?: string,
): Promise<Checkpoint[]> {
  requirePermission(principal, null, 'audit:read');
  const { db, clock } = context;
  const chains = chain ? [chain] : await repository.allChains(db);
  const made: Checkpoint[] = [];
  for (const name of chains) {
    const head = await repository.chainHead(db, name);
    if (!head) continue;
    if (await checkpoints.checkpointExists(db, name, head.seq, key.id)) continue;
    const unsigned = { chain: name, seq: head.seq, hash: head.hash, signedAt: formatAuditTimestamp(clock.now()) };
    const checkpoint: Checkpoint = {
      ...unsigned,
      signature: signCheckpointPayload(checkpointPayload(unsigned), key.privateKey),
      publicKeyId: key.id,
    };
    // Another replica may have signed the same head a moment ago.
    if (await checkpoints.insertCheckpoint(db, checkpoint)) made.push(checkpoint);
  }
  return made;
}

/**
 * The newest checkpoints of a chain whose signatures verify with one of `keys`, newest first. A row
 * that merely names a trusted key is skipped, however many there are: whoever can write to the table
 * must not be able to push the genuine checkpoints out of view, nor spoil a saved copy with a forgery.
 */
export async function latestSignedCheckpoints(
  db: Kysely<Database>,
  chain: string,
  keys: TrustedKeys,
  count: number,
  maxSeq: number | null = null,
): Promise<Checkpoint[]> {
  const signed: Checkpoint[] = [];
  const keyIds = [...keys.keys()];
  for (let offset = 0; signed.length < count; offset += CHECKPOINT_PAGE) {
    const page = await checkpoints.latestCheckpoints(db, chain, CHECKPOINT_PAGE, { keyIds, maxSeq, offset });
    signed.push(...page.filter((checkpoint) => signedByTrustedKey(checkpoint, keys)));
    if (page.length < CHECKPOINT_PAGE) break;
  }
  return signed.slice(0, count);
}

const CHECKPOINT_PAGE = 100;

/** What `/.well-known/audit-checkpoints/<org>.json` serves. */
export interface PublishedCheckpoints {
  organization: string;
  chain: string;
  algorithm: 'Ed25519';
  /** What each signature covers. */
  signedPayload: string;
  publicKeys: { id: string; format: 'spki-pem'; publicKey: string }[];
  /** Newest first. */
  checkpoints: Checkpoint[];
}

/**
 * The organization's published heads (its id is its chain; the caller found
 * it by slug through the policies domain). `keys`: the configured keys
 * (current and retired); only checkpoints naming one of them are listed.
 */
export async function publishedCheckpoints(
  db: Db,
  organization: { id: string; slug: string },
  keys: TrustedKeys,
): Promise<PublishedCheckpoints> {
  const chain = organization.id;
  const organizationSlug = organization.slug;
  const latest = await latestSignedCheckpoints(db, chain, keys, PUBLISHED_CHECKPOINTS);
  return {
    organization: organizationSlug,
    chain,
    algorithm: 'Ed25519',
    signedPayload: 'RFC 8785 JSON of {chain, seq, hash, signedAt}, UTF-8; signature in base64 (the same keys sign deletion receipts)',
    // Retired keys too: receipts and checkpoints signed before a rotation must stay checkable.
    publicKeys: [...keys].map(([id, publicKey]) => ({ id, format: 'spki-pem', publicKey })),
    checkpoints: latest,
  };
}
