import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import pagefind from './src/integrations/pagefind.ts';
import policyMarkdown from './src/integrations/policy-markdown.ts';
import precompress from './src/integrations/precompress.ts';
import sitemap from './src/integrations/sitemap.ts';

// The public origin comes from the server's configuration (api/src/config.ts
// publicUrl), which hands it to every build it runs as PUBLIC_SITE_URL. A build
// run by hand (`pnpm portal:build`, `astro dev`) applies the same rule:
// PUBLIC_SITE_URL, else this machine on PORT.
const site = process.env.PUBLIC_SITE_URL ?? `http://localhost:${process.env.PORT ?? 4000}`;

export default defineConfig({
  site,
  output: 'static',
  trailingSlash: 'always',
  // Astro 7 renders Markdown with Sätteri and runs `markdown.remarkPlugins`
  // only through @astrojs/markdown-remark, which is not installed; the
  // policy-markdown integration configures Sätteri instead (section ids and
  // no smart punctuation).
  // precompress comes last: it compresses what pagefind writes too.
  // preact renders the dashboard's islands (portal/src/dashboard); public
  // pages use no framework and ship no script but search.
  integrations: [policyMarkdown(), mdx(), preact(), pagefind(), sitemap(), precompress()],
});
