// What every request handler shares in a running process, wired once.
import { type Db, listen } from '@governance/db';
import type { AppServices } from './graphql/context.ts';
import { POLICY_CATALOG_CHANNEL, PolicyCatalogCache } from './policies/catalog-cache.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';

export interface RunningServices {
  services: AppServices;
  close(): Promise<void>;
}

export async function startAppServices(options: { db: Db; databaseUrl: string; clock: Clock; logger: Logger }): Promise<RunningServices> {
  const policyCatalog = new PolicyCatalogCache();
  const listener = await listen(options.databaseUrl, POLICY_CATALOG_CHANNEL, {
    onNotify: () => policyCatalog.clear(),
    onError: (error) => options.logger.warn({ reason: error.message }, 'lost the policy catalog subscription; reconnecting'),
  });
  return {
    services: { db: options.db, clock: options.clock, logger: options.logger, policyCatalog },
    close: () => listener.close(),
  };
}
