// rate-limiter-flexible over the rate_limit table, shared by every API
// process. The table comes from a migration: the application role cannot
// create tables, and expired keys are simply overwritten.
import type { Pool } from '@governance/db';
import { RateLimiterPostgres } from 'rate-limiter-flexible';

export interface PostgresLimit {
  keyPrefix: string;
  points: number;
  windowSeconds: number;
  /** Once the points are spent, refuse for this long (default: the rest of the window). */
  blockSeconds?: number;
}

export function postgresRateLimiter(pool: Pool, limit: PostgresLimit): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    tableName: 'rate_limit',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: limit.keyPrefix,
    points: limit.points,
    duration: limit.windowSeconds,
    ...(limit.blockSeconds ? { blockDuration: limit.blockSeconds } : {}),
  });
}
