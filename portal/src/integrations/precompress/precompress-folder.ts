// Writes `.br` and `.gz` beside every text file of a built site, several
// files at once, taking unchanged files' outputs from the compression cache.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { CompressionCache } from './compression-cache.ts';
import { ENCODINGS } from './encodings.ts';

// Pagefind's own index files (.pagefind, .pf_*) are gzip-compressed already.
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.md', '.svg', '.txt']);
/** Below this, headers outweigh the saving. */
const MIN_BYTES = 1024;

export interface PrecompressOptions {
  /** Where compressed outputs are kept between builds; outside `folder`. */
  cacheDir: string;
  /**
   * Files compressed at once; by default one per core. zlib's asynchronous
   * functions run on libuv's threadpool, whose size (UV_THREADPOOL_SIZE, 4 by
   * default) bounds this further on larger machines.
   */
  concurrency?: number;
}

export interface PrecompressReport {
  /** Text files found large enough to compress. */
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
  const files = await compressibleFiles(folder);
  const limit = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  const report: PrecompressReport = { files: files.length, compressed: 0, reused: 0, pruned: 0 };
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const content = await readFile(file);
        const sha256 = createHash('sha256').update(content).digest('hex');
        for (const encoding of ENCODINGS) {
          const destination = `${file}${encoding.suffix}`;
          if (await cache.copyTo(sha256, encoding, destination)) {
            report.reused++;
            continue;
          }
          const output = await encoding.compress(content);
          await writeFile(destination, output);
          await cache.store(sha256, encoding, output);
          report.compressed++;
        }
      }),
    ),
  );
  report.pruned = await cache.prune(startedAt);
  return report;
}

async function compressibleFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && COMPRESSIBLE.has(path.extname(entry.name)) && (await stat(file)).size >= MIN_BYTES) files.push(file);
  }
  return files;
}
