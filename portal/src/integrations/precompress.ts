// Writes .br and .gz beside every text asset once the
// site and its search index are built, so the server sends compressed bytes
// without compressing on every request. Runs after the Pagefind integration.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';

// Pagefind's own index files (.pagefind, .pf_*) are gzip-compressed already.
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.md', '.svg', '.txt']);
/** Below this, headers outweigh the saving. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export default function precompress(): AstroIntegration {
  return {
    name: 'governance:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const files = await compressibleFiles(fileURLToPath(dir));
        for (const file of files) {
          const content = await readFile(file);
          await writeFile(`${file}.br`, await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(`${file}.gz`, await gzipAsync(content, { level: 9 }));
        }
        logger.info(`Precompressed ${files.length} files (brotli and gzip).`);
      },
    },
  };
}

async function compressibleFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && COMPRESSIBLE.has(path.extname(entry.name)) && (await stat(file)).size >= MIN_BYTES) files.push(file);
  }
  return files;
}
