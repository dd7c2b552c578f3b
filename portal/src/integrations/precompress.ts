// Writes .br and .gz beside every text asset once the site and its search
// index are built, so the server sends compressed bytes without compressing
// on every request. Runs after the Pagefind integration. The work itself is
// in ./precompress/: several files at once, and only files whose bytes the
// previous builds did not already compress.
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { precompressFolder } from './precompress/precompress-folder.ts';

export default function precompress(): AstroIntegration {
  /** Where compressed outputs are kept between builds. */
  let cacheDir = process.env.PORTAL_PRECOMPRESS_CACHE_DIR || undefined;
  return {
    name: 'governance:precompress',
    hooks: {
      'astro:config:done': ({ config }) => {
        // node_modules/.cache is where build tools keep caches: `astro build` empties
        // dist/ but leaves it, and version control ignores it.
        cacheDir ??= fileURLToPath(new URL('node_modules/.cache/precompress/', config.root));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const report = await precompressFolder(fileURLToPath(dir), { cacheDir: cacheDir as string });
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        logger.info(
          `Precompressed ${report.files} files (brotli and gzip) in ${seconds} s: ${report.compressed} outputs compressed, ${report.reused} from the cache, ${report.pruned} unused cache entries removed.`,
        );
      },
    },
  };
}
