// One urql client for the dashboard's islands: same-origin /graphql, with
// the session cookie (httpOnly: scripts never see it), trusted documents only.
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { trustedDocumentExchange } from './trusted-documents.ts';

export function createDashboardClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, trustedDocumentExchange, fetchExchange],
    fetchOptions: { credentials: 'same-origin' },
    // Always POST with a JSON body: GET would need the API's CSRF header.
    preferGetMethod: false,
    // Staff see each other's changes: lists refresh when they are shown again.
    requestPolicy: 'cache-and-network',
  });
}
