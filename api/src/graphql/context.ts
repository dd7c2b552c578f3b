import type { Db } from '@governance/db';
import type { AuditVerifier } from '../audit/audit-verifier.ts';
import type { AuditRequest } from '../audit/models.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import type { TrustedKeys } from '../audit/trusted-keys.ts';
import type { AuthDeps } from '../auth/auth.service.ts';
import { organizationIdForSlug } from '../auth/auth.service.ts';
import type { LoginLimiter } from '../auth/login-limiter.ts';
import type { Principal } from '../auth/principal.ts';
import { auditRequestOf, authenticateRequest } from '../auth/request-auth.ts';
import type { SecondFactorDeps } from '../auth/second-factor.service.ts';
import type { SecondFactorKey } from '../auth/second-factor-key.ts';
import type { UsersDeps } from '../auth/users.service.ts';
import type { SessionPolicy } from '../config.ts';
import type { IntakeDeps } from '../deletion-requests/intake.service.ts';
import type { IntakeLimiter } from '../deletion-requests/intake-limiter.ts';
import type { StaffActionDeps } from '../deletion-requests/staff-actions.service.ts';
import { proxySettingsOf } from '../http/trusted-proxy.ts';
import type { PolicyCatalogCache } from '../policies/catalog-cache.ts';
import { createPolicyLoaders, type PolicyReader } from '../policies/policies.service.ts';
import type { RetentionDeps } from '../retention/retention.service.ts';
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
  /** Behind reverse proxies: which forwarded headers to believe (http/trusted-proxy.ts). */
  trustProxy: boolean;
  trustedProxyHops?: number;
  /** Signs audit checkpoints and deletion receipts. */
  signingKey: SigningKey;
  /** The public keys this deployment publishes and trusts: the signing key's and the retired ones, from configuration. */
  trustedKeys: TrustedKeys;
  /** Encrypts staff TOTP secrets. */
  secondFactorKey: SecondFactorKey;
  /** The portal's public origin, for links in mail. */
  publicUrl: string;
  /** AUDIT_RETENTION_FLOOR: the least audit-events retention anyone may set. */
  auditRetentionFloor: string;
  /** Runs audit chain verifications off the request thread, one per caller and a few at once. */
  auditVerifier: AuditVerifier;
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
  users: UsersDeps;
  secondFactor: SecondFactorDeps;
  intake: IntakeDeps;
  deletionRequests: StaffActionDeps;
  retention: RetentionDeps;
  auditVerifier: AuditVerifier;
  trustProxy: boolean;
  /** The only keys whose signatures the audit verification accepts (AppServices.trustedKeys). */
  trustedKeys: TrustedKeys;
  trustedProxyHops?: number;
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
    request: auditRequestOf(httpRequest, { ...facts, ...proxySettingsOf(services) }),
    auth,
    users: { db: services.db, clock: services.clock, publicUrl: services.publicUrl },
    secondFactor: { ...auth, key: services.secondFactorKey },
    intake: { db: services.db, clock: services.clock, intakeLimiter: services.intakeLimiter, publicUrl: services.publicUrl },
    deletionRequests: { db: services.db, clock: services.clock, signingKey: services.signingKey, publicUrl: services.publicUrl },
    retention: { db: services.db, clock: services.clock, auditRetentionFloor: services.auditRetentionFloor },
    auditVerifier: services.auditVerifier,
    trustedKeys: services.trustedKeys,
    ...proxySettingsOf(services),
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
