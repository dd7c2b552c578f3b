// The API in-process: the real Yoga stack over a real database, reached
// through `yoga.fetch`, with the clock pinned.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createAuditVerifier } from '@governance/api/audit/audit-verifier';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { trustedKeysOf } from '@governance/api/audit/trusted-keys';
import { createLoginLimiter, type LoginLimits } from '@governance/api/auth/login-limiter';
import { secondFactorKeyFrom } from '@governance/api/auth/second-factor-key';
import { createIntakeLimiter, type IntakeLimits } from '@governance/api/deletion-requests/intake-limiter';
import type { AppServices } from '@governance/api/graphql/context';
import { CSRF_HEADER, createGovernanceYoga, type GovernanceYoga } from '@governance/api/http/yoga';
import { PolicyCatalogCache } from '@governance/api/policies/catalog-cache';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { type Clock, fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { APP_ROLE, createPool } from '@governance/db';
import type { TestDatabase } from './database.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface QueryOptions {
  /** Sent as the Cookie header. */
  cookie?: string;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
}

export interface TestApi {
  yoga: GovernanceYoga;
  services: AppServices;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: QueryOptions,
  ): Promise<GraphQLResponse<T>>;
}

/** Links in test mail point here. */
export const TEST_PUBLIC_URL = 'http://portal.test';

export const TEST_SESSIONS = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

export function createTestServices(database: TestDatabase, clock: Clock, limits?: LoginLimits, intakeLimits?: IntakeLimits): AppServices {
  const limiterPool = createPool(database.url, { role: APP_ROLE, maxConnections: 2 });
  database.adopt(() => limiterPool.end());
  const signingKey = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
  return {
    db: database.db,
    clock,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    policyCatalog: new PolicyCatalogCache(),
    sessions: TEST_SESSIONS,
    loginLimiter: createLoginLimiter(limiterPool, limits),
    intakeLimiter: createIntakeLimiter(limiterPool, intakeLimits),
    trustProxy: false,
    signingKey,
    trustedKeys: trustedKeysOf([signingKey]),
    secondFactorKey: secondFactorKeyFrom(randomBytes(32)),
    publicUrl: TEST_PUBLIC_URL,
    auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR,
    auditVerifier: createAuditVerifier({ db: database.db, databaseUrl: database.url, keys: trustedKeysOf([signingKey]) }),
  };
}

export function createTestApi(database: TestDatabase, now: string | Clock, limits?: LoginLimits, intakeLimits?: IntakeLimits): TestApi {
  return testApiOver(createTestServices(database, typeof now === 'string' ? fixedClock(now) : now, limits, intakeLimits));
}

/** The API over services a test has adjusted (another logger, another database). */
export function testApiOver(services: AppServices): TestApi {
  const yoga = createGovernanceYoga(services, { graphiql: false });
  return {
    yoga,
    services,
    async query(query, variables, options = {}) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CSRF_HEADER]: '1',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, ...(await response.json()) };
    },
  };
}
