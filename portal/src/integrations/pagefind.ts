// Builds the Pagefind search index once Astro has written the site, in the
// way Starlight does: through Pagefind's Node API, into `<outDir>/pagefind`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

export default function pagefind(): AstroIntegration {
  return {
    name: 'governance:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        // `dir` honours `--outDir`, so the index lands next to the pages it describes.
        const outDir = fileURLToPath(dir);
        const outputPath = path.join(outDir, 'pagefind');
        try {
          const fileCount = await buildIndex(outDir, outputPath);
          logger.info(`Wrote the search index for ${fileCount} HTML file(s) to ${outputPath}`);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`Pagefind could not index ${outDir}: ${reason}`, { cause: error });
        } finally {
          await close();
        }
      },
    },
  };
}

async function buildIndex(outDir: string, outputPath: string): Promise<number> {
  const created = await createIndex({ forceLanguage: 'en' });
  if (!created.index || created.errors.length > 0) throw new Error(created.errors.join('; ') || 'no index was created');
  const { index } = created;
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length > 0) throw new Error(added.errors.join('; '));
  if (added.page_count === 0) throw new Error('the build wrote no HTML files to index');
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(written.errors.join('; '));
  return added.page_count;
}
