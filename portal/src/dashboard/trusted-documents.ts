// The dashboard names its documents by hash (trusted documents): the key of
// each is the SHA-256 (hex) of the text urql sends, which is the document as
// urql's cacheExchange formats it (with __typename added). The API keeps the
// same list in api/trusted-documents.json and, in production, runs nothing
// else for a signed-in session.
import { type Exchange, formatDocument, makeOperation, mapExchange, stringifyDocument, type TypedDocumentNode } from '@urql/core';

/** The text the API receives for a document. */
export function documentText(document: TypedDocumentNode): string {
  return stringifyDocument(formatDocument(document) as Parameters<typeof stringifyDocument>[0]);
}

const hexOf = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

const hashes = new Map<string, Promise<string>>();

async function sha256Hex(text: string): Promise<string> {
  let hash = hashes.get(text);
  if (!hash) {
    hash = crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hexOf);
    hashes.set(text, hash);
  }
  return hash;
}

/**
 * Sends `extensions.persistedQuery` instead of the text (urql's fetchExchange
 * then leaves the query out). Goes after cacheExchange, which adds __typename.
 * Without WebCrypto (plain http off localhost) the text is sent, which only
 * a server that does not enforce trusted documents accepts.
 */
export const trustedDocumentExchange: Exchange = mapExchange({
  async onOperation(operation) {
    if (operation.kind !== 'query' && operation.kind !== 'mutation') return operation;
    if (!globalThis.crypto?.subtle) return operation;
    const sha256Hash = await sha256Hex(stringifyDocument(operation.query));
    return makeOperation(
      operation.kind,
      { ...operation, extensions: { ...operation.extensions, persistedQuery: { version: 1, sha256Hash } } },
      operation.context,
    );
  },
});
