// Submissions are limited per address and per email, in PostgreSQL so every
// API process shares the counts: the form is public, and each submission
// sends mail.
import type { Pool } from '@governance/db';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../shared/domain-error.ts';
import { postgresRateLimiter } from '../shared/postgres-rate-limiter.ts';

export interface IntakeLimits {
  perIp: number;
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perIp: 20, perEmail: 5, windowSeconds: 60 * 60 };

export interface IntakeLimiter {
  /** Counts a submission; refuses with RATE_LIMITED once a limit is passed. */
  consume(emailHash: string, ip: string | null): Promise<void>;
}

export function createIntakeLimiter(pool: Pool, limits: IntakeLimits = DEFAULT_INTAKE_LIMITS): IntakeLimiter {
  const limiter = (keyPrefix: string, points: number) =>
    postgresRateLimiter(pool, { keyPrefix, points, windowSeconds: limits.windowSeconds });
  const byIp = limiter('deletion_request_ip', limits.perIp);
  const byEmail = limiter('deletion_request_email', limits.perEmail);
  return {
    async consume(emailHash, ip) {
      try {
        await byEmail.consume(emailHash);
        if (ip) await byIp.consume(ip);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const minutes = Math.ceil(error.msBeforeNext / 60_000);
        throw new DomainError('RATE_LIMITED', `Too many requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
      }
    },
  };
}
