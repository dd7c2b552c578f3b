import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
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
  // The pages whose content is live data (the requester's pages, the
  // retention schedule, transparency) say `prerender = false`: the API server
  // renders them on request through this adapter in middleware mode
  // (api/src/http/live-pages.ts). Everything else still builds to plain
  // files any CDN can serve. The static files stay at the top of the output
  // (build.client), as before; the server part goes into `.server/`, which
  // the static handler never serves (sirv skips dot-folders).
  adapter: node({ mode: 'middleware' }),
  build: { client: './', server: './.server/' },
  // The API server checks a form's Origin itself before a page sees it
  // (the public address behind a proxy counts as this site; cors.ts), so
  // Astro's own check, which knows only the Host, stays off.
  security: { checkOrigin: false },
  // The server part bundles its dependencies: builds go to any folder (a
  // staging folder, a test's temporary folder, the server's copy of the
  // build), where no node_modules is within reach.
  // Scripts and stylesheets always ship as files, never inlined however
  // small: a page's HTML then holds no code of its own, and the
  // Content-Security-Policy needs no hash for it.
  vite: {
    build: { assetsInlineLimit: 0 },
    environments: { ssr: { resolve: { noExternal: true } }, prerender: { resolve: { noExternal: true } } },
  },
  // Astro 7 renders Markdown with Sätteri and runs `markdown.remarkPlugins`
  // only through @astrojs/markdown-remark, which is not installed; the
  // policy-markdown integration configures Sätteri instead (section ids and
  // no smart punctuation).
  // precompress comes last: it compresses what pagefind writes too.
  // preact renders the dashboard's islands (portal/src/dashboard); public
  // pages use no framework and ship no script but search.
  integrations: [policyMarkdown(), mdx(), preact(), pagefind(), sitemap(), precompress()],
});
