// The .eml files the file transport writes (no SMTP_URL) hold what the
// outbox row held: the address, and in the body verification and status
// links and receipts. They live exactly as long as their row: the outbox's
// retention rule (retention-rules.ts) removes a row's file before the row,
// and removes any file whose row is gone (left by a version that did not,
// or by a failure).
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { isUuid } from '../shared/input-checks.ts';
import { MESSAGE_ID_DOMAIN } from './outbox.service.ts';
import * as repository from './outbox-retention.repository.ts';

const EXTENSION = '.eml';

/** The file of a message: named by its Message-ID's local part (a UUID), so every resend rewrites the same file. */
export function mailFilePath(directory: string, messageId: string): string {
  const local = messageId.replace(/^<|@.*$/g, '');
  // Never a path out of the directory, whatever a row holds.
  if (!isUuid(local)) throw new Error('a Message-ID this application did not make has no mail file');
  return path.join(directory, `${local}${EXTENSION}`);
}

/** Removes the files of these messages; one that was never written is fine, one that cannot be removed throws. */
export async function removeMailFiles(directory: string, messageIds: readonly string[]): Promise<void> {
  for (const messageId of messageIds) await rm(mailFilePath(directory, messageId), { force: true });
}

/** How many files lie in the directory whose outbox row no longer exists; removes them. */
export async function removeOrphanMailFiles(db: Kysely<Database>, directory: string): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith(EXTENSION) && isUuid(name.slice(0, -EXTENSION.length)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0; // nothing was ever written here
    throw error;
  }
  let removed = 0;
  // A bounded list per query; the directory holds at most the outbox's retention period of mail.
  for (let start = 0; start < names.length; start += 1000) {
    const batch = names.slice(start, start + 1000);
    const byMessageId = new Map(batch.map((name) => [messageIdOf(name), name]));
    for (const kept of await repository.messageIdsWithRows(db, [...byMessageId.keys()])) byMessageId.delete(kept);
    for (const name of byMessageId.values()) {
      await rm(path.join(directory, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** The Message-ID whose file this is; the domain is the application's own (outbox.service.ts). */
function messageIdOf(fileName: string): string {
  return `<${fileName.slice(0, -EXTENSION.length)}@${MESSAGE_ID_DOMAIN}>`;
}
