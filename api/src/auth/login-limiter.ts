// Failed sign-ins are counted per account and per IP address in PostgreSQL,
// so every API process shares the counts. Too many failures lock the
// account (or the address) for a while, whatever password comes next.
import type { Pool } from '@governance/db';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { postgresRateLimiter } from '../shared/postgres-rate-limiter.ts';

export interface LoginLimits {
  /** Failures per account before it is locked. */
  perAccount: number;
  /** Failures per IP address before it is locked. */
  perIp: number;
  /** How long failures are remembered and a lock lasts. */
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 20, windowSeconds: 15 * 60 };

export interface LoginLimiter {
  /** Milliseconds until sign-in is allowed again for this account or address; 0 when it is. */
  lockedFor(email: string, ip: string | null): Promise<number>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export function createLoginLimiter(pool: Pool, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const limiter = (keyPrefix: string, points: number) =>
    postgresRateLimiter(pool, { keyPrefix, points, windowSeconds: limits.windowSeconds, blockSeconds: limits.windowSeconds });
  const byAccount = limiter('login_account', limits.perAccount);
  const byIp = limiter('login_ip', limits.perIp);
  const remaining = async (rateLimiter: RateLimiterPostgres, key: string, points: number) => {
    const state = await rateLimiter.get(key);
    return state && state.consumedPoints >= points ? state.msBeforeNext : 0;
  };
  return {
    async lockedFor(email, ip) {
      const [account, address] = await Promise.all([
        remaining(byAccount, email, limits.perAccount),
        ip ? remaining(byIp, ip, limits.perIp) : Promise.resolve(0),
      ]);
      return Math.max(account, address);
    },
    async recordFailure(email, ip) {
      // consume() rejects with the limiter's state once the limit is passed; that is the lock, not an error.
      const swallowLimit = (error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
      };
      await Promise.all([byAccount.consume(email).catch(swallowLimit), ip ? byIp.consume(ip).catch(swallowLimit) : undefined]);
    },
    async recordSuccess(email) {
      await byAccount.delete(email);
    },
  };
}
