import type { AuditRequest } from '../audit/models.ts';
import type { Principal } from '../auth/principal.ts';
import { auditRequestOf, authenticateRequest } from '../auth/request-auth.ts';
import { type ProxySettings, proxySettingsOf } from '../http/trusted-proxy.ts';
import type { Logger } from '../shared/logger.ts';
import { forRequest, type RequestUseCaseContext, type UseCaseContext } from '../use-case-context.ts';
import { responseCookiesOf } from './request-plugins.ts';

/** What every request shares in a running process: the use cases' context, and how to read forwarded headers. */
export interface AppServices extends UseCaseContext {
  /** Behind reverse proxies: which forwarded headers to believe (http/trusted-proxy.ts). */
  trustProxy: boolean;
  trustedProxyHops?: number;
}

export interface Denial {
  organizationId: string | null;
  attempted: string;
}

/**
 * Built afresh for every request: the use cases' context for this request
 * (its instant, its loaders) and the facts of the request itself.
 */
export interface GraphQLContext extends ProxySettings {
  requestId: string;
  /** Handed to every service the schema calls. */
  useCases: RequestUseCaseContext;
  /** One instant per request, so every field answers for the same moment (the same as `useCases.now`). */
  now: Date;
  logger: Logger;
  principal: Principal;
  /** Where the request came from, for the audit events it causes. */
  request: AuditRequest;
  httpRequest: Request;
  /** Permission checks that failed, recorded in the audit trail when the request ends. */
  denials: Denial[];
  /** Set-Cookie headers for the response. */
  cookies: string[];
}

export async function createContext(
  services: AppServices,
  httpRequest: Request,
  facts: { requestId: string; remoteAddress: string | null },
): Promise<GraphQLContext> {
  const useCases = forRequest(services);
  return {
    requestId: facts.requestId,
    useCases,
    now: useCases.now,
    logger: services.logger.child({ requestId: facts.requestId }),
    principal: await authenticateRequest(useCases, httpRequest),
    request: auditRequestOf(httpRequest, { ...facts, ...proxySettingsOf(services) }),
    ...proxySettingsOf(services),
    httpRequest,
    denials: [],
    cookies: responseCookiesOf(httpRequest),
  };
}
