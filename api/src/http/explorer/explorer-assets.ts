// The API explorer's browser files: GraphiQL's prebuilt bundle (React,
// Monaco and all, from @graphql-yoga/graphiql), Monaco's editor workers and
// our start script, served by this server. Yoga's default page fetches them
// from a CDN, which our Content-Security-Policy (scripts from 'self' only)
// blocks and an offline network cannot reach. The path carries a hash of the
// files' contents, so a browser may keep them for a year and still gets new
// ones after an upgrade.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Everything the explorer page loads lives below this path (then `<hash>/<file>`). */
export const EXPLORER_ASSETS_PATH = '/graphql/explorer/';

const GRAPHIQL_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');
const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** Our names for the files (the page and start-explorer.js use them) and where each comes from. */
const SOURCES: Readonly<Record<string, { file: string; type: string }>> = {
  'graphiql.css': { file: path.join(GRAPHIQL_DIST, 'graphiql.css'), type: 'text/css; charset=utf-8' },
  'graphiql.js': { file: path.join(GRAPHIQL_DIST, 'yoga-graphiql.umd.js'), type: JAVASCRIPT },
  'editor.worker.js': { file: path.join(GRAPHIQL_DIST, 'monacoeditorwork/editor.worker.bundle.js'), type: JAVASCRIPT },
  'json.worker.js': { file: path.join(GRAPHIQL_DIST, 'monacoeditorwork/json.worker.bundle.js'), type: JAVASCRIPT },
  'graphql.worker.js': { file: path.join(GRAPHIQL_DIST, 'monacoeditorwork/graphql.worker..bundle.js'), type: JAVASCRIPT },
  'start-explorer.js': { file: path.join(import.meta.dirname, 'start-explorer.js'), type: JAVASCRIPT },
};

type Encoding = 'br' | 'gzip';

interface Asset {
  type: string;
  body: Buffer;
  /** Compressed on first request, once per encoding (GraphiQL's bundle is 5 MB, about 1 MB compressed). */
  compressed: Partial<Record<Encoding, Promise<Buffer>>>;
}

export interface ExplorerAssets {
  /** Where the page finds the files, e.g. `/graphql/explorer/3f2a…/`; ends with a slash. */
  base: string;
  /** Answers a GET or HEAD below EXPLORER_ASSETS_PATH: the file, or 404. */
  respond(request: IncomingMessage, response: ServerResponse): void;
}

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5: within a few percent of 11 on JavaScript, and a hundred times faster.
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (body) => promisify(gzip)(body),
};

function encodingFor(request: IncomingMessage): Encoding | null {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

function loadAssets(): ExplorerAssets {
  const assets = new Map<string, Asset>();
  const hash = createHash('sha256');
  for (const [name, source] of Object.entries(SOURCES)) {
    const body = readFileSync(source.file);
    hash.update(name).update(body);
    assets.set(name, { type: source.type, body, compressed: {} });
  }
  const base = `${EXPLORER_ASSETS_PATH}${hash.digest('hex').slice(0, 16)}/`;

  const respond = (request: IncomingMessage, response: ServerResponse) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const asset = pathname.startsWith(base) ? assets.get(pathname.slice(base.length)) : undefined;
    if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Not found.\n');
      return;
    }
    const encoding = encodingFor(request);
    const send = (body: Buffer) => {
      response.writeHead(200, {
        'content-type': asset.type,
        'content-length': body.length,
        // The path changes with the contents, so a copy never goes stale.
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'accept-encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (!encoding) return send(asset.body);
    asset.compressed[encoding] ??= compressors[encoding](asset.body).catch((error: unknown) => {
      delete asset.compressed[encoding]; // the next request tries again
      throw error;
    });
    asset.compressed[encoding].then(send, () => response.destroy());
  };
  return { base, respond };
}

let loaded: ExplorerAssets | undefined;

/** Read once per process, on first use (about 16 MB, only when the explorer is on). */
export function explorerAssets(): ExplorerAssets {
  loaded ??= loadAssets();
  return loaded;
}
