import type { Db } from '@governance/db';
import type { PolicyCatalogCache } from '../policies/catalog-cache.ts';
import { createPolicyLoaders, type PolicyReader } from '../policies/policies.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

export interface AppServices {
  db: Db;
  clock: Clock;
  logger: Logger;
  policyCatalog: PolicyCatalogCache;
}

/** Built afresh for every request: loaders cache only within it. */
export interface GraphQLContext {
  requestId: string;
  /** One instant per request, so every field answers for the same moment. */
  now: Date;
  logger: Logger;
  policies: PolicyReader;
}

export function createContext(services: AppServices, requestId: string): GraphQLContext {
  const now = services.clock.now();
  return {
    requestId,
    now,
    logger: services.logger.child({ requestId }),
    policies: { db: services.db, loaders: createPolicyLoaders(services.db), catalog: services.policyCatalog, now },
  };
}
