// One HTTP server for everything: the portal (its static files and its live
// pages), /graphql and /health.
import { createServer, type Server } from 'node:http';
import type { AppServices } from '../graphql/context.ts';
import { AUDIT_EXPORT_PATH, respondWithAuditExport } from './audit-export.ts';
import { answerOptions, corsHeaders, fromAnotherOrigin } from './cors.ts';
import { EXPLORER_ASSETS_PATH, explorerAssets } from './explorer/explorer-assets.ts';
import { respondWithHealth } from './health.ts';
import { livePageLocals } from './live-pages.ts';
import { isPrivacyRequestForm, readPrivacyRequestForm } from './privacy-request-form.ts';
import { type PublicReadSettings, publicReadsOf } from './public-reads.ts';
import { FORM_BODY_LIMIT, GRAPHQL_BODY_LIMIT } from './request-body.ts';
import { createSecurityHeaders } from './security-headers.ts';
import { respondWithSecurityTxt, SECURITY_TXT_PATH, type SecurityTxtSettings } from './security-txt.ts';
import type { StaticHandler } from './static-portal.ts';
import { proxySettingsOf } from './trusted-proxy.ts';
import { respondWithCheckpoints, WELL_KNOWN_CHECKPOINTS } from './well-known.ts';
import { createGovernanceYoga, GRAPHQL_PATH, serveGraphQL, type YogaOptions } from './yoga.ts';

export interface ServerOptions extends YogaOptions {
  /** The built portal: its live pages first, with the locals given, then its files (static-portal.ts). */
  portal: StaticHandler;
  /** The built portal, whose inline scripts the Content-Security-Policy allows by hash. */
  portalDistDir?: string;
  /** Origins whose pages may call /graphql and /audit/export with a token (CORS_ALLOWED_ORIGINS); default none. */
  corsAllowedOrigins?: readonly string[];
  /** Caps of request bodies in bytes (MAX_GRAPHQL_BODY_BYTES, MAX_FORM_BODY_BYTES). */
  bodyLimits?: { graphql?: number; form?: number };
  /** What /.well-known/security.txt says (SECURITY_CONTACT, SECURITY_POLICY_URL); default none, so no file. */
  securityTxt?: SecurityTxtSettings;
  /**
   * Anonymous public reads answered from memory ahead of Yoga (public-reads.ts): its size
   * (PUBLIC_READ_CACHE_MB) and how long browsers may reuse an answer (PUBLIC_READ_MAX_AGE_SECONDS).
   * On by default; `false` turns it off.
   */
  publicReadCache?: PublicReadSettings | false;
}

/** The endpoints a page of an allowed origin may call with a token. */
const OPEN_TO_TOKENS = new Set([GRAPHQL_PATH, AUDIT_EXPORT_PATH]);
const NO_ORIGINS: ReadonlySet<string> = new Set();

export function createHttpServer(services: AppServices, options: ServerOptions): Server {
  const yoga = createGovernanceYoga(services, options);
  const securityHeaders = createSecurityHeaders({ ...proxySettingsOf(services), portalDistDir: options.portalDistDir });
  const allowedOrigins: ReadonlySet<string> = new Set(options.corsAllowedOrigins ?? []);
  const graphqlBodyLimit = options.bodyLimits?.graphql ?? GRAPHQL_BODY_LIMIT;
  const formBodyLimit = options.bodyLimits?.form ?? FORM_BODY_LIMIT;
  const securityTxt = options.securityTxt ?? { contacts: [], policyUrl: undefined };
  const publicReads = publicReadsOf(yoga, services, options.publicReadCache);
  return createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders(request))) response.setHeader(name, value);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const corsOrigins = OPEN_TO_TOKENS.has(pathname) ? allowedOrigins : NO_ORIGINS;
    if (request.method === 'OPTIONS') return answerOptions(request, response, corsOrigins);
    for (const [name, value] of Object.entries(corsHeaders(request.headers.origin, corsOrigins))) response.setHeader(name, value);
    // The session cookie is the dashboard's, on this site: a page of another
    // origin (even of the same site) never acts as the signed-in person.
    if (fromAnotherOrigin(request, services)) delete request.headers.cookie;
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    const checkpoints = readOnly ? WELL_KNOWN_CHECKPOINTS.exec(pathname) : null;
    if (pathname === GRAPHQL_PATH) {
      void serveGraphQL(yoga, request, response, graphqlBodyLimit, publicReads).catch(() => response.destroy());
    } else if (options.graphiql && readOnly && pathname.startsWith(EXPLORER_ASSETS_PATH)) {
      explorerAssets().respond(request, response);
    } else if (pathname === '/health' && readOnly) {
      void respondWithHealth(services.db, response);
    } else if (pathname === AUDIT_EXPORT_PATH && request.method === 'GET') {
      void respondWithAuditExport(services, request, response);
    } else if (pathname === SECURITY_TXT_PATH && readOnly) {
      respondWithSecurityTxt({ ...securityTxt, publicUrl: services.publicUrl, now: services.clock.now() }, response);
    } else if (checkpoints) {
      void respondWithCheckpoints(services, checkpoints[1] ?? '', response);
    } else if (request.method === 'POST' && isPrivacyRequestForm(pathname)) {
      // The no-JavaScript deletion request forms post to their own page, which answers them.
      void readPrivacyRequestForm(request, response, services, formBodyLimit).then(
        (refusal) => options.portal(request, response, livePageLocals(yoga, services, request, refusal)),
        () => response.destroy(),
      );
    } else {
      options.portal(request, response, livePageLocals(yoga, services, request));
    }
  });
}
