// One HTTP server for everything: the static portal, /graphql and /health.
import { createServer, type Server } from 'node:http';
import type { AppServices } from '../graphql/context.ts';
import { AUDIT_EXPORT_PATH, respondWithAuditExport } from './audit-export.ts';
import { respondWithHealth } from './health.ts';
import { matchPrivacyRequestForm, respondToPrivacyRequestForm } from './privacy-request-form.ts';
import { createSecurityHeaders } from './security-headers.ts';
import type { StaticHandler } from './static-portal.ts';
import { proxySettingsOf } from './trusted-proxy.ts';
import { respondWithCheckpoints, WELL_KNOWN_CHECKPOINTS } from './well-known.ts';
import { createGovernanceYoga, GRAPHQL_PATH, type YogaOptions } from './yoga.ts';

export interface ServerOptions extends YogaOptions {
  portal: StaticHandler;
  /** The built portal, whose inline scripts the Content-Security-Policy allows by hash. */
  portalDistDir?: string;
}

export function createHttpServer(services: AppServices, options: ServerOptions): Server {
  const yoga = createGovernanceYoga(services, options);
  const securityHeaders = createSecurityHeaders({ ...proxySettingsOf(services), portalDistDir: options.portalDistDir });
  return createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders(request))) response.setHeader(name, value);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    const checkpoints = readOnly ? WELL_KNOWN_CHECKPOINTS.exec(pathname) : null;
    // The no-JavaScript deletion request forms post to their own page's address.
    const privacyForm = request.method === 'POST' ? matchPrivacyRequestForm(pathname) : null;
    if (pathname === GRAPHQL_PATH) {
      void yoga(request, response);
    } else if (pathname === '/health' && (request.method === 'GET' || request.method === 'HEAD')) {
      void respondWithHealth(services.db, response);
    } else if (pathname === AUDIT_EXPORT_PATH && request.method === 'GET') {
      void respondWithAuditExport(services, request, response);
    } else if (checkpoints) {
      void respondWithCheckpoints(services, checkpoints[1] ?? '', response);
    } else if (privacyForm) {
      void respondToPrivacyRequestForm(services, privacyForm, request, response);
    } else {
      options.portal(request, response);
    }
  });
}
