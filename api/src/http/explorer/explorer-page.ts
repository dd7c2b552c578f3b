// The HTML of the API explorer (GraphiQL at GET /graphql), given to Yoga as
// its `renderGraphiQL`. It loads only files of this server, so it works
// offline and under the site's Content-Security-Policy.
import type { GraphiQLOptions } from 'graphql-yoga';
import { explorerAssets } from './explorer-assets.ts';

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JSON inside <script>: `<` escaped, so no text in it can close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function renderExplorerPage(options: GraphiQLOptions): string {
  const { base } = explorerAssets();
  const title = escapeHtml(options.title ?? 'GraphiQL');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${base}graphiql.css">
</head>
<body>
<div id="root">Loading ${title}…</div>
<noscript>The API explorer needs JavaScript. Without it, send queries to this address with curl (see the README).</noscript>
<script type="application/json" id="explorer-options">${jsonForScript(options)}</script>
<script src="${base}graphiql.js"></script>
<script src="${base}start-explorer.js"></script>
</body>
</html>
`;
}
