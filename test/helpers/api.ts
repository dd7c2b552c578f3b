// The API in-process: the real Yoga stack over a real database, reached
// through `yoga.fetch`, with the clock pinned.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import type { LoginLimits } from '@governance/api/auth/login-limiter';
import { TESTS_ONLY_COST } from '@governance/api/auth/passwords';
import { secondFactorKeyFrom } from '@governance/api/auth/second-factor-key';
import type { IntakeLimits } from '@governance/api/deletion-requests/intake-limiter';
import type { AppServices } from '@governance/api/graphql/context';
import { CSRF_HEADER, createGovernanceYoga, type GovernanceYoga } from '@governance/api/http/yoga';
import { packageKeyFrom } from '@governance/api/privacy-packages/package-key';
import { type Clock, fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { createUseCaseContext } from '@governance/api/use-case-context';
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

/** The use-case context the server builds, with what a test pins: the clock, the limits, fresh keys, cheap password hashes. */
export function createTestServices(database: TestDatabase, clock: Clock, limits?: LoginLimits, intakeLimits?: IntakeLimits): AppServices {
  const useCases = createUseCaseContext({
    db: database.db,
    databaseUrl: database.url,
    clock,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    sessions: TEST_SESSIONS,
    publicUrl: TEST_PUBLIC_URL,
    signingKey: signingKeyFrom(generateKeyPairSync('ed25519').privateKey),
    secondFactorKey: secondFactorKeyFrom(randomBytes(32)),
    packageKey: packageKeyFrom(randomBytes(32)),
    limiterConnections: 2,
    // Tests sign in thousands of times; test/auth/password-cost.test.ts holds the product to OWASP's baseline.
    passwordHashCost: TESTS_ONLY_COST,
    ...(limits ? { loginLimits: limits } : {}),
    ...(intakeLimits ? { intakeLimits } : {}),
  });
  database.adopt(() => useCases.close());
  return { ...useCases.context, trustProxy: false };
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
