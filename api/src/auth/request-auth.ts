// Turns an HTTP request into a Principal and request facts for the audit
// trail. Shared by /graphql and the other authenticated endpoints.
import { randomUUID } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { AuditRequest } from '../audit/models.ts';
import { cameOverHttps, clientAddress, type ProxySettings } from '../http/trusted-proxy.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { authenticateApiToken, authenticateSession } from './auth.service.ts';
import { ANONYMOUS, type Principal } from './principal.ts';

export const SESSION_COOKIE = 'gp_session';

export interface RequestFacts extends ProxySettings {
  requestId: string;
  /** The socket's address; the trusted proxy's X-Forwarded-For entry replaces it (trusted-proxy.ts). */
  remoteAddress: string | null;
}

/**
 * A client's X-Request-Id is kept when it is a plausible id, so its logs and ours line up; anything
 * else (too long, odd characters) is replaced: the id goes into the append-only trail.
 */
export function requestIdFrom(given: string | null | undefined): string {
  return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export function auditRequestOf(request: Request, facts: RequestFacts): AuditRequest {
  return {
    requestId: facts.requestId,
    ip: clientAddress(request.headers, facts.remoteAddress, facts),
    userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}

/**
 * A bearer token that does not work is an error (its owner needs to know);
 * a session cookie that does not work just means "not signed in".
 */
export async function authenticateRequest(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'sessions' | 'loginLimiter'>,
  request: Request,
): Promise<Principal> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const [scheme, secret] = authorization.split(/\s+/, 2);
    const principal = scheme?.toLowerCase() === 'bearer' && secret ? await authenticateApiToken(context, secret) : null;
    if (!principal)
      throw new DomainError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked. Send it as "Authorization: Bearer <token>".');
    return principal;
  }
  const sessionToken = parseCookie(request.headers.get('cookie') ?? '')[SESSION_COOKIE];
  return (sessionToken && (await authenticateSession(context, sessionToken))) || ANONYMOUS;
}

/** httpOnly and SameSite=Strict always; Secure when the request came over https. */
export function sessionCookie(request: Request, value: string, expiresAt: Date | null, proxy: ProxySettings): string {
  const https = cameOverHttps(request.headers, new URL(request.url).protocol === 'https:', proxy);
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value,
    httpOnly: true,
    sameSite: 'strict',
    secure: https,
    path: '/',
    ...(expiresAt ? { expires: expiresAt } : { maxAge: 0 }),
  });
}
