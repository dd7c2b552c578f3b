// The files of an embedded cluster, made so that two processes starting on
// a new data directory at once agree: the same password, one cluster.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The superuser password of a cluster: random, made once, kept beside it. */
export async function clusterPassword(clusterDir: string): Promise<string> {
  const file = `${clusterDir}.password`;
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    // Written whole under another name, then linked into place: link fails when the file exists,
    // so a process racing this one never reads a half-written password nor replaces the first.
    const draft = `${file}.${randomBytes(6).toString('hex')}`;
    await writeFile(draft, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
    try {
      await link(draft, file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(draft, { force: true });
    }
  }
  return (await readFile(file, 'utf8')).trim();
}

/**
 * Creates the cluster when missing: initialised in a directory of its own,
 * then renamed into place in one step, which fails when another process got
 * there first (its cluster is then used).
 */
export async function ensureClusterInitialised(clusterDir: string, initialise: (dir: string) => Promise<void>): Promise<void> {
  if (existsSync(path.join(clusterDir, 'PG_VERSION'))) return;
  const staging = `${clusterDir}.initialising-${randomBytes(6).toString('hex')}`;
  try {
    await initialise(staging);
    await rename(staging, clusterDir);
  } catch (error) {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
