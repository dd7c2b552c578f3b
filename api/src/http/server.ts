// One HTTP server for everything: the static portal, /graphql and /health.
import { createServer, type Server } from 'node:http';
import type { AppServices } from '../graphql/context.ts';
import { AUDIT_EXPORT_PATH, respondWithAuditExport } from './audit-export.ts';
import { respondWithHealth } from './health.ts';
import type { StaticHandler } from './static-portal.ts';
import { respondWithCheckpoints, WELL_KNOWN_CHECKPOINTS } from './well-known.ts';
import { createGovernanceYoga, GRAPHQL_PATH, type YogaOptions } from './yoga.ts';

/** Headers every response carries. The full CSP arrives with the dashboard. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

export interface ServerOptions extends YogaOptions {
  portal: StaticHandler;
}

export function createHttpServer(services: AppServices, options: ServerOptions): Server {
  const yoga = createGovernanceYoga(services, options);
  return createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    const checkpoints = readOnly ? WELL_KNOWN_CHECKPOINTS.exec(pathname) : null;
    if (pathname === GRAPHQL_PATH) {
      void yoga(request, response);
    } else if (pathname === '/health' && (request.method === 'GET' || request.method === 'HEAD')) {
      void respondWithHealth(services.db, response);
    } else if (pathname === AUDIT_EXPORT_PATH && request.method === 'GET') {
      void respondWithAuditExport(services, request, response);
    } else if (checkpoints) {
      void respondWithCheckpoints(services, checkpoints[1] ?? '', response);
    } else {
      options.portal(request, response);
    }
  });
}
