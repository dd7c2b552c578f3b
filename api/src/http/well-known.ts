// GET /.well-known/audit-checkpoints/<org>.json: the latest signed heads of
// an organization's audit chain and the keys that signed them. Public, so
// anyone can keep copies and later prove the chain was not rewritten. The
// keys listed are the configured ones (AppServices.trustedKeys).
import type { ServerResponse } from 'node:http';
import { isSlug } from '@governance/policies/vocabulary/urls';
import { publishedCheckpoints } from '../audit/audit-checkpoint.service.ts';
import type { AppServices } from '../graphql/context.ts';
import { organizationBySlug } from '../policies/policies.service.ts';

export const WELL_KNOWN_CHECKPOINTS = /^\/\.well-known\/audit-checkpoints\/([^/]+)\.json$/;

/** @param encodedSlug the path segment as requested (percent-encoded). */
export async function respondWithCheckpoints(services: AppServices, encodedSlug: string, response: ServerResponse): Promise<void> {
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    // Verifiers run anywhere, browsers included.
    'access-control-allow-origin': '*',
  };
  try {
    const slug = safeDecode(encodedSlug);
    const organization = isSlug(slug) ? await organizationBySlug(services, slug) : null;
    const document = organization ? await publishedCheckpoints(services.db, organization, services.trustedKeys) : null;
    if (!document) {
      response.writeHead(404, { ...headers, 'cache-control': 'no-store' });
      response.end(JSON.stringify({ error: 'NOT_FOUND', message: 'No such organization.' }));
      return;
    }
    response.writeHead(200, { ...headers, 'cache-control': 'public, max-age=60' });
    response.end(`${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    services.logger.error({ err: error }, 'could not serve audit checkpoints');
    response.writeHead(500, { ...headers, 'cache-control': 'no-store' });
    response.end(JSON.stringify({ error: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' }));
  }
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
