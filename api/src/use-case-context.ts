// What every use case is handed: the database, the clock, the logger, the
// limits, the keys and the deployment's settings. One type, built in one
// place (`createUseCaseContext`) that the server, the commands and the tests
// all call, so a new setting is wired once. Services take
// `(context, principal, input…)` and read only what they need from it.
import { APP_ROLE, createPool, type Db } from '@governance/db';
import { type AuditVerifier, createAuditVerifier } from './audit/audit-verifier.ts';
import type { SigningKey } from './audit/signing-key.ts';
import { type TrustedKeys, trustedKeysOf } from './audit/trusted-keys.ts';
import { createLoginLimiter, type LoginLimiter, type LoginLimits } from './auth/login-limiter.ts';
import { createPasswordHasher, type PasswordHashCost, type PasswordHasher } from './auth/passwords.ts';
import type { SecondFactorKey } from './auth/second-factor-key.ts';
import type { SessionPolicy } from './config.ts';
import { createIntakeLimiter, type IntakeLimiter, type IntakeLimits } from './deletion-requests/intake-limiter.ts';
import { PolicyCatalogCache } from './policies/catalog-cache.ts';
import { createPolicyLoaders, type PolicyLoaders } from './policies/policies.service.ts';
import { DEFAULT_PACKAGE_DELIVERY, type PackageDelivery } from './privacy-packages/delivery.ts';
import type { PackageKey } from './privacy-packages/package-key.ts';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from './retention/audit-retention-guard.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createObjectionLimiter, type ObjectionLimiter, type ObjectionLimits } from './subprocessors/objection-limiter.ts';
import { createSubprocessorLoaders, type SubprocessorLoaders } from './subprocessors/subprocessors.service.ts';
import { createSubscribeLimiter, type SubscribeLimiter, type SubscribeLimits } from './subscriptions/subscribe-limiter.ts';

export interface UseCaseContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  sessions: SessionPolicy;
  loginLimiter: LoginLimiter;
  intakeLimiter: IntakeLimiter;
  /** Limits anonymous objections to subprocessor changes per address and per email. */
  objectionLimiter: ObjectionLimiter;
  /** Limits requests to subscribe to an organization's changes, per address and per email. */
  subscribeLimiter: SubscribeLimiter;
  /** Hashes and checks staff passwords (argon2id). */
  passwords: PasswordHasher;
  /** Signs audit checkpoints, purge records and deletion receipts. */
  signingKey: SigningKey;
  /** The public keys this deployment publishes and trusts: the signing key's and the retired ones, from configuration. */
  trustedKeys: TrustedKeys;
  /** Encrypts staff TOTP secrets. */
  secondFactorKey: SecondFactorKey;
  /** Encrypts privacy-request packages at rest. */
  packageKey: PackageKey;
  /** PACKAGE_LINK_DAYS and PACKAGE_LINK_DOWNLOADS. */
  packageDelivery: PackageDelivery;
  /** The portal's public origin, for links in mail. */
  publicUrl: string;
  /** AUDIT_RETENTION_FLOOR: the least audit-events retention anyone may set, and the sweep's floor. */
  auditRetentionFloor: string;
  /** DATA_DIR/mail, where mail files follow the outbox's retention; null: no mail files are touched. */
  mailDirectory: string | null;
  /** Runs audit chain verifications off the request thread, one per caller and a few at once. */
  auditVerifier: AuditVerifier;
  /** Published policies by slug, cleared when a sync commits (policies/catalog-cache.ts). */
  policyCatalog: PolicyCatalogCache;
}

/**
 * A use case answering one request (or one command run): the same context,
 * plus the one instant every answer is for and the caches that live exactly
 * as long as the request (DataLoaders, the organization lookup).
 */
export interface RequestUseCaseContext extends UseCaseContext {
  now: Date;
  loaders: RequestLoaders;
}

/** The request-scoped DataLoaders of every domain that reads through them. */
export type RequestLoaders = PolicyLoaders & SubprocessorLoaders;

/** The loaders of one request (or one use case outside GraphQL): each read once, shared by the resolvers. */
export const createRequestLoaders = (db: Db): RequestLoaders => ({ ...createPolicyLoaders(db), ...createSubprocessorLoaders(db) });

export function forRequest(context: UseCaseContext, now: Date = context.clock.now()): RequestUseCaseContext {
  return { ...context, now, loaders: createRequestLoaders(context.db) };
}

export interface UseCaseContextOptions {
  db: Db;
  /** The database the limiters' pool and the verification workers connect to (as the application role). */
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  sessions: SessionPolicy;
  publicUrl: string;
  signingKey: SigningKey;
  /** Default: only the signing key's. */
  trustedKeys?: TrustedKeys;
  secondFactorKey: SecondFactorKey;
  packageKey: PackageKey;
  /** Default: DEFAULT_PACKAGE_DELIVERY (7 days, 3 downloads). */
  packageDelivery?: PackageDelivery;
  /** Default: DEFAULT_AUDIT_RETENTION_FLOOR (one year). */
  auditRetentionFloor?: string;
  /** Default: null (no mail files are touched by the sweep). */
  mailDirectory?: string | null;
  /** AUDIT_VERIFY_CONCURRENCY; default 2. */
  auditVerifyConcurrency?: number;
  /** Default: DEFAULT_LOGIN_LIMITS; tests pin smaller ones. */
  loginLimits?: LoginLimits;
  /** Default: DEFAULT_INTAKE_LIMITS. */
  intakeLimits?: IntakeLimits;
  /** Default: DEFAULT_OBJECTION_LIMITS. */
  objectionLimits?: ObjectionLimits;
  /** Default: DEFAULT_SUBSCRIBE_LIMITS. */
  subscribeLimits?: SubscribeLimits;
  /** Connections of the limiters' own pool; default 4. */
  limiterConnections?: number;
  /** Default: OWASP_BASELINE_COST, what the server and the commands always use; only the test harness lowers it. */
  passwordHashCost?: PasswordHashCost;
}

export interface OpenUseCaseContext {
  context: UseCaseContext;
  /** Ends what the context opened (the limiters' pool); the database stays the caller's. */
  close(): Promise<void>;
}

export function createUseCaseContext(options: UseCaseContextOptions): OpenUseCaseContext {
  // The limits get a small pool of their own: each check holds a connection for a transaction waiting on
  // counter locks, so a flood of sign-ins or submissions queues here instead of starving every other query.
  const limiterPool = createPool(options.databaseUrl, { role: APP_ROLE, maxConnections: options.limiterConnections ?? 4 });
  const trustedKeys = options.trustedKeys ?? trustedKeysOf([options.signingKey]);
  return {
    context: {
      db: options.db,
      clock: options.clock,
      logger: options.logger,
      sessions: options.sessions,
      loginLimiter: createLoginLimiter(limiterPool, options.loginLimits),
      intakeLimiter: createIntakeLimiter(limiterPool, options.intakeLimits),
      objectionLimiter: createObjectionLimiter(limiterPool, options.objectionLimits),
      subscribeLimiter: createSubscribeLimiter(limiterPool, options.subscribeLimits),
      passwords: createPasswordHasher(options.passwordHashCost),
      signingKey: options.signingKey,
      trustedKeys,
      secondFactorKey: options.secondFactorKey,
      packageKey: options.packageKey,
      packageDelivery: options.packageDelivery ?? DEFAULT_PACKAGE_DELIVERY,
      publicUrl: options.publicUrl,
      auditRetentionFloor: options.auditRetentionFloor ?? DEFAULT_AUDIT_RETENTION_FLOOR,
      mailDirectory: options.mailDirectory ?? null,
      auditVerifier: createAuditVerifier({
        db: options.db,
        databaseUrl: options.databaseUrl,
        keys: trustedKeys,
        ...(options.auditVerifyConcurrency ? { concurrency: options.auditVerifyConcurrency } : {}),
      }),
      policyCatalog: new PolicyCatalogCache(),
    },
    close: () => limiterPool.end(),
  };
}
