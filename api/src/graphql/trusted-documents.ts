// Trusted (persisted) documents: the dashboard sends the SHA-256 of each of
// its operations instead of the text, and the API looks the text up in
// api/trusted-documents.json, written from portal/src/dashboard/operations
// by `pnpm --filter @governance/portal dashboard:documents`. When enforced,
// a request that rides on a session cookie may run only those documents, so
// a script injected into a staff member's browser cannot run arbitrary
// queries with the session; API tokens and anonymous callers (the public
// portal's scripts send no cookies) may still send any document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parseCookie } from 'cookie';
import type { Plugin } from 'graphql-yoga';
import { SESSION_COOKIE } from '../auth/request-auth.ts';

export const TRUSTED_DOCUMENTS_FILE = path.resolve(import.meta.dirname, '../../trusted-documents.json');

/** Hex SHA-256 of the document text → the text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

export function parseTrustedDocuments(json: string, source: string): TrustedDocuments {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source}: expected an object of "<sha256>": "<document>"`);
  }
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (!/^[0-9a-f]{64}$/.test(hash) || typeof text !== 'string') {
      throw new Error(`${source}: entry "${hash}" must map a hex SHA-256 to a document string`);
    }
    documents.set(hash, text);
  }
  return documents;
}

export function loadTrustedDocuments(file = TRUSTED_DOCUMENTS_FILE): TrustedDocuments {
  return parseTrustedDocuments(readFileSync(file, 'utf8'), file);
}

/** A cookie session is a request with our session cookie and no bearer token (a token wins, see request-auth.ts). */
export function isCookieSession(request: Request): boolean {
  if (request.headers.get('authorization')) return false;
  return Boolean(parseCookie(request.headers.get('cookie') ?? '')[SESSION_COOKIE]);
}

export interface TrustedDocumentOptions {
  documents: TrustedDocuments;
  /** Refuse documents outside the list for cookie sessions (on in production). */
  enforce: boolean;
}

export function useTrustedDocuments(options: TrustedDocumentOptions): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => options.documents.get(hash) ?? null,
    allowArbitraryOperations: (request) => !options.enforce || !isCookieSession(request),
    customErrors: {
      notFound: {
        message: 'Unknown persisted document: the dashboard and the API are from different versions. Reload the page.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      },
      persistedQueryOnly: {
        message: 'Signed-in sessions may only send the dashboard’s own (persisted) documents; use an API token for other queries.',
        extensions: { code: 'PERSISTED_QUERY_ONLY' },
      },
      keyNotFound: {
        message: 'Send a query, or extensions.persistedQuery { version: 1, sha256Hash }.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
      },
    },
  });
}
