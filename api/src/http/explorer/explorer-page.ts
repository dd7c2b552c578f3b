// The HTML of the API explorer (GraphiQL at GET /graphql), given to Yoga as
// its `renderGraphiQL`. It loads only files of this server, so it works
// offline and under the site's Content-Security-Policy.
import type { GraphiQLOptions } from 'graphql-yoga';
import { explorerAssets } from './explorer-assets.ts';

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JSON inside <script>: `<` escaped, so no text in it can close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

/** A question any visitor can paste into a terminal: the organizations and their policies. */
const EXAMPLE_QUERY = '{ organizations { slug name policies { slug title } } }';

/**
 * Yoga's `renderGraphiQL` for this site. Without JavaScript the editor cannot
 * run, so the page says how to ask the same questions with curl, on this
 * site's own address (publicUrl), instead of a "Loading" line that never ends.
 */
export function explorerPage(publicUrl: string): (options: GraphiQLOptions) => string {
  return (options) => renderExplorerPage(options, new URL(options.endpoint ?? '/graphql', publicUrl).href);
}

function renderExplorerPage(options: GraphiQLOptions, endpoint: string): string {
  const { base } = explorerAssets();
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const curl = `curl ${endpoint} \\\n  -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${base}graphiql.css">
<style>:root{color-scheme:light dark}.explorer-without-script{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1rem/1.5 system-ui,sans-serif}.explorer-without-script code{overflow-wrap:anywhere}.explorer-without-script pre{overflow-x:auto;padding:1rem;border:1px solid #d0d7de;border-radius:6px}.explorer-without-script pre code{overflow-wrap:normal}</style>
</head>
<body>
<div id="root"></div>
<noscript>
<main class="explorer-without-script">
<h1>${title}</h1>
<p>The explorer needs JavaScript to run queries in the browser. Without it, you can ask the API the same questions from a terminal: send a POST request to <code>${escapeHtml(endpoint)}</code> with your query as JSON. For example, to list the organizations and their policies:</p>
<pre tabindex="0"><code>${escapeHtml(curl)}</code></pre>
<p>The answer is JSON. Published policies need no sign-in; staff data needs an API token, sent as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</main>
</noscript>
<script type="application/json" id="explorer-options">${jsonForScript(options)}</script>
<script src="${base}graphiql.js"></script>
<script src="${base}start-explorer.js"></script>
</body>
</html>
`;
}
