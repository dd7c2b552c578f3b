// The API in-process: the real Yoga stack over a real database, reached
// through `yoga.fetch`, with the clock pinned.

import { CSRF_HEADER, createGovernanceYoga, type GovernanceYoga } from '@governance/api/http/yoga';
import { PolicyCatalogCache } from '@governance/api/policies/catalog-cache';
import { fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import type { Db } from '@governance/db';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestApi {
  yoga: GovernanceYoga;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

export function createTestApi(db: Db, now: string): TestApi {
  const yoga = createGovernanceYoga(
    { db, clock: fixedClock(now), logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), policyCatalog: new PolicyCatalogCache() },
    { graphiql: false },
  );
  return {
    yoga,
    async query(query, variables) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...(await response.json()) };
    },
  };
}
