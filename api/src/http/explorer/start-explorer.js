// Starts the API explorer in the browser. Served from this server beside
// GraphiQL's bundle (explorer-assets.ts), so the page's scripts are all
// files of our own origin and the Content-Security-Policy needs no inline
// script. The options come from a JSON data block the server wrote into the
// page: a browser never executes it.
const assets = new URL('./', document.currentScript.src);

// Monaco runs its language services in workers; they load from beside this
// file, never from a CDN (Yoga's default page fetches them from unpkg).
const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId, label) => new URL(WORKERS[label] ?? WORKERS.editorWorkerService, assets).href,
};

const options = JSON.parse(document.getElementById('explorer-options').textContent);

// A link may open the explorer on a query of its own (`/graphql?query=…`, as
// the portal's reviewers page does). GraphiQL reads that parameter only when
// no `query` option is set, and on a first visit opens its default tabs
// whatever the query, so the linked query becomes the first tab and the one
// to open; a returning visitor's saved tabs stay, with it added and opened.
const linked = new URLSearchParams(location.search).get('query');
if (linked) {
  options.query = linked;
  options.defaultTabs = [{ query: linked, headers: options.headers }, ...(options.defaultTabs ?? [])];
}
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
