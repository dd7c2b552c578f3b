import type { Db } from '@governance/db';
import type { AuditRequest } from '../audit/models.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import type { AuthDeps } from '../auth/auth.service.ts';
import { organizationIdForSlug } from '../auth/auth.service.ts';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import type { Principal } from '../auth/principal.ts';
import { auditRequestOf, authenticateRequest } from '../auth/request-auth.ts';
import type { SecondFactorDeps } from '../auth/second-factor.service.ts';
import type { SecondFactorKey } from '../auth/second-factor-key.ts';
import type { SessionPolicy } from '../config.ts';
import type { IntakeDeps } from '../deletion-requests/intake.service.ts';
import type { IntakeLimiter } from '../deletion-requests/intake-limiter.ts';
import type { StaffActionDeps } from '../deletion-requests/staff-actions.service.ts';
import type { PolicyCatalogCache } from '../policies/catalog-cache.ts';
import { createPolicyLoaders, type PolicyReader } from '../policies/policies.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { responseCookiesOf } from './request-plugins.ts';

/** What every request shares in a running process. */
export interface AppServices {
  db: Db;
  clock: Clock;
  logger: Logger;
  policyCatalog: PolicyCatalogCache;
  sessions: SessionPolicy;
  loginLimiter: LoginLimiter;
  intakeLimiter: IntakeLimiter;
  trustProxy: boolean;
  /** Signs audit checkpoints and deletion receipts. */
  signingKey: SigningKey;
  /** Encrypts staff TOTP secrets. */
  secondFactorKey: SecondFactorKey;
  /** The portal's public origin, for links in mail. */
  publicUrl: string;
}

export interface Denial {
  organizationId: string | null;
  attempted: string;
}

/** Built afresh for every request: loaders cache only within it. */
export interface GraphQLContext {
  requestId: string;
  /** One instant per request, so every field answers for the same moment. */
  now: Date;
  logger: Logger;
  principal: Principal;
  /** Where the request came from, for the audit events it causes. */
  request: AuditRequest;
  auth: AuthDeps;
  secondFactor: SecondFactorDeps;
  intake: IntakeDeps;
  deletionRequests: StaffActionDeps;
  trustProxy: boolean;
  httpRequest: Request;
  organizationIdForSlug(slug: string): Promise<string | null>;
  /** Permission checks that failed, recorded in the audit trail when the request ends. */
  denials: Denial[];
  /** Set-Cookie headers for the response. */
  cookies: string[];
  policies: PolicyReader;
}

export async function createContext(
  services: AppServices,
  httpRequest: Request,
  facts: { requestId: string; remoteAddress: string | null },
): Promise<GraphQLContext> {
  const now = services.clock.now();
  const auth: AuthDeps = { db: services.db, clock: services.clock, sessions: services.sessions, loginLimiter: services.loginLimiter };
  const slugs = new Map<string, Promise<string | null>>();
  return {
    requestId: facts.requestId,
    now,
    logger: services.logger.child({ requestId: facts.requestId }),
    principal: await authenticateRequest(auth, httpRequest),
    request: auditRequestOf(httpRequest, { ...facts, trustProxy: services.trustProxy }),
    auth,
    secondFactor: { ...auth, key: services.secondFactorKey },
    intake: { db: services.db, clock: services.clock, intakeLimiter: services.intakeLimiter, publicUrl: services.publicUrl },
    deletionRequests: { db: services.db, clock: services.clock, signingKey: services.signingKey, publicUrl: services.publicUrl },
    trustProxy: services.trustProxy,
    httpRequest,
    organizationIdForSlug(slug) {
      let id = slugs.get(slug);
      if (!id) {
        id = organizationIdForSlug(auth, slug);
        slugs.set(slug, id);
      }
      return id;
    },
    denials: [],
    cookies: responseCookiesOf(httpRequest),
    policies: { db: services.db, loaders: createPolicyLoaders(services.db), catalog: services.policyCatalog, now },
  };
}
