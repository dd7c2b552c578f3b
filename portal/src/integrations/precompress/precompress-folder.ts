// Writes `.br` and `.gz` beside every text file of a built site, several
// files at once, taking unchanged files' outputs from the compression cache.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { CompressionCache } from './compression-cache.ts';
import { ENCODINGS } from './encodings.ts';

// Pagefind's own index files (.pagefind, .pf_*) are gzip-compressed already.
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.md', '.svg', '.txt']);
/** Below this, headers outweigh the saving. */
const MIN_BYTES = 1024;

/**
 * Files read, hashed and copied from the cache at once: waiting on the disk
 * costs no CPU, so more of these run than compressions. Bounds open files.
 */
const FILES_AT_ONCE = 32;

export interface PrecompressOptions {
  /** Where compressed outputs are kept between builds; outside `folder`. */
  cacheDir: string;
  /**
   * Compressions running at once; by default one per core. zlib's
   * asynchronous functions run on libuv's threadpool, whose size
   * (UV_THREADPOOL_SIZE, 4 by default) bounds this further on larger machines.
   */
  concurrency?: number;
}

export interface PrecompressReport {
  /** Text files large enough to compress. */
  files: number;
  /** Outputs compressed by this run (one per file and encoding). */
  compressed: number;
  /** Outputs copied from the cache instead. */
  reused: number;
  /** Cache entries removed because this build no longer needs them. */
  pruned: number;
}

export async function precompressFolder(folder: string, options: PrecompressOptions): Promise<PrecompressReport> {
  const startedAt = new Date();
  const cache = await CompressionCache.open(options.cacheDir);
  const fileSlots = pLimit(FILES_AT_ONCE);
  const compressionSlots = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  const report: PrecompressReport = { files: 0, compressed: 0, reused: 0, pruned: 0 };
  const precompressFile = async (file: string) => {
    const content = await readFile(file);
    if (content.length < MIN_BYTES) return;
    report.files++;
    const sha256 = createHash('sha256').update(content).digest('hex');
    await Promise.all(
      ENCODINGS.map(async (encoding) => {
        const destination = `${file}${encoding.suffix}`;
        if (await cache.copyTo(sha256, encoding, destination)) {
          report.reused++;
          return;
        }
        const output = await compressionSlots(() => encoding.compress(content));
        await writeFile(destination, output);
        await cache.store(sha256, encoding, output);
        report.compressed++;
      }),
    );
  };
  await Promise.all((await textFiles(folder)).map((file) => fileSlots(() => precompressFile(file))));
  report.pruned = await cache.prune(startedAt);
  return report;
}

/** The files the static handler serves: dot-folders (the server part of the build, `.server/`) are never sent. */
async function textFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const served = (file: string) =>
    !path
      .relative(folder, file)
      .split(path.sep)
      .some((segment) => segment.startsWith('.'));
  return entries
    .filter((entry) => entry.isFile() && COMPRESSIBLE.has(path.extname(entry.name)))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(served);
}
