// policies.lock.json records the SHA-256 of every published version (policy
// texts and subprocessor lists), so a changed text is caught by
// `policies:check` without a database. Entries are
// only ever added: a correction is a new version, never a new hash.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Problem } from './problems.ts';
import { type PolicyRepository, versionKey } from './repository.ts';
import { registerKey } from './subprocessors/register-files.ts';

export const LOCK_FILE = 'policies.lock.json';

const lockSchema = z.strictObject({
  lockfileVersion: z.literal(1),
  versions: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')),
});
export type PolicyLock = z.output<typeof lockSchema>;

export type LockRead = { ok: true; lock: PolicyLock } | { ok: false; problem: Problem };

export async function readLock(root: string): Promise<LockRead> {
  const file = path.join(root, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { ok: true, lock: { lockfileVersion: 1, versions: {} } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { file, message: `is not valid JSON: ${(error as Error).message}` } };
  }
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: { file, field: issue?.path.join('.') ?? '', message: issue?.message ?? 'is malformed' } };
  }
  return { ok: true, lock: parsed.data };
}

/** What the lock holds a hash of: every policy version and every subprocessor list version. */
type Lockable = { file: string; sha256: string };
type LockedFiles = Pick<PolicyRepository, 'versions' | 'registers'>;

function lockablesByKey(files: LockedFiles): Map<string, Lockable> {
  return new Map<string, Lockable>([
    ...files.versions.map((version) => [versionKey(version), version] as const),
    ...files.registers.map((register) => [registerKey(register), register] as const),
  ]);
}

/** Compares the files with the lock: changed texts, removed versions, and
 * versions not yet recorded. */
export function lockProblems(root: string, lock: PolicyLock, files: LockedFiles): Problem[] {
  const problems: Problem[] = [];
  const byKey = lockablesByKey(files);
  for (const [key, lockedHash] of Object.entries(lock.versions)) {
    const version = byKey.get(key);
    if (!version) {
      problems.push({
        file: path.join(root, LOCK_FILE),
        message: `published version ${key} has no file any more; published versions cannot be removed`,
      });
    } else if (version.sha256 !== lockedHash) {
      problems.push({
        file: version.file,
        message: `the text of published version ${key} changed (locked sha256 ${lockedHash}, now ${version.sha256}); published versions are immutable: publish the correction as a new version`,
      });
    }
  }
  for (const [key, version] of byKey) {
    if (!(key in lock.versions)) {
      problems.push({
        file: version.file,
        message: `version ${key} is not recorded in ${LOCK_FILE}; run \`pnpm policies:lock\` once its text is final`,
      });
    }
  }
  return problems;
}

/** The lock with every version not yet recorded added; existing entries are kept as they are. */
export function extendLock(lock: PolicyLock, files: LockedFiles): { lock: PolicyLock; added: string[] } {
  const entries = { ...lock.versions };
  const added: string[] = [];
  for (const [key, version] of lockablesByKey(files)) {
    if (!(key in entries)) {
      entries[key] = version.sha256;
      added.push(key);
    }
  }
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
  return { lock: { lockfileVersion: 1, versions: sorted }, added };
}

export async function writeLock(root: string, lock: PolicyLock): Promise<void> {
  await writeFile(path.join(root, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}
