// Compressed outputs kept across builds, addressed by what they were made
// from: the SHA-256 of the original's bytes, the encoding and its level. A
// rebuild where few pages changed takes every other output from here. The
// folder lives outside the build's output, which `astro build` empties.
//
// Several builds may share the folder at once (two processes starting from
// one checkout): an entry is written to a temporary name and renamed into
// place, so a reader sees a whole entry or none; a build that finds an entry
// gone (pruned by another build) compresses again. Nothing here can make an
// output wrong, only slower to get.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Encoding } from './encodings.ts';

/** Temporary entries start with a dot; one this old was left by a build that crashed. */
const TEMPORARY_PREFIX = '.';
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export class CompressionCache {
  readonly #folder: string;
  /** Entries this build read or wrote: the ones pruning keeps. */
  readonly #used = new Set<string>();

  private constructor(folder: string) {
    this.#folder = folder;
  }

  static async open(folder: string): Promise<CompressionCache> {
    await mkdir(folder, { recursive: true });
    return new CompressionCache(folder);
  }

  /** Copies the cached output to `destination`; false when there is none. */
  async copyTo(sha256: string, encoding: Encoding, destination: string): Promise<boolean> {
    const entry = this.#use(sha256, encoding);
    try {
      await copyFile(entry, destination);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    // Marks it as used now, so a build running beside this one does not prune it.
    await utimes(entry, new Date(), new Date()).catch(ignoreMissing);
    return true;
  }

  async store(sha256: string, encoding: Encoding, output: Buffer): Promise<void> {
    const entry = this.#use(sha256, encoding);
    const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
    const temporary = path.join(this.#folder, `${TEMPORARY_PREFIX}${path.basename(entry)}.${unique}`);
    await writeFile(temporary, output);
    await rename(temporary, entry);
  }

  /**
   * Removes the entries this build did not use, unless another build used
   * them since `startedAt` (this one's start), and temporary files abandoned
   * by a crash. Keeps the folder as large as one build's outputs. Returns the
   * number of entries removed.
   */
  async prune(startedAt: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.#folder)) {
      const temporary = name.startsWith(TEMPORARY_PREFIX);
      if (!temporary && this.#used.has(name)) continue;
      const file = path.join(this.#folder, name);
      const modified = await stat(file).then((stats) => stats.mtimeMs, ignoreMissing);
      if (modified === undefined) continue;
      const stale = temporary ? modified < startedAt.getTime() - ABANDONED_AFTER_MS : modified < startedAt.getTime();
      if (!stale) continue;
      await rm(file, { force: true });
      if (!temporary) removed++;
    }
    return removed;
  }

  /** The entry's path, recorded as used by this build. */
  #use(sha256: string, encoding: Encoding): string {
    const name = `${sha256}.${encoding.name}-${encoding.level}`;
    this.#used.add(name);
    return path.join(this.#folder, name);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function ignoreMissing(error: unknown): undefined {
  if (isMissing(error)) return undefined;
  throw error;
}
