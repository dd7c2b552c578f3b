import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import pagefind from './src/integrations/pagefind.ts';
import policyMarkdown from './src/integrations/policy-markdown.ts';
import precompress from './src/integrations/precompress.ts';

export default defineConfig({
  site: process.env.PUBLIC_SITE_URL ?? 'http://localhost:4000',
  output: 'static',
  trailingSlash: 'always',
  // Astro 7 renders Markdown with Sätteri and runs `markdown.remarkPlugins`
  // only through @astrojs/markdown-remark, which is not installed; the
  // policy-markdown integration configures Sätteri instead (section ids and
  // no smart punctuation).
  // precompress comes last: it compresses what pagefind writes too.
  // preact renders the dashboard's islands (portal/src/dashboard); public
  // pages use no framework and ship no script but search.
  integrations: [policyMarkdown(), mdx(), preact(), pagefind(), precompress()],
});
