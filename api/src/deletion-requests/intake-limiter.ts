// Submissions are limited per address and per email, in PostgreSQL so every
// API process shares the counts: the form is public, and each submission
// sends mail. Both limits are checked before either is spent: a submission
// refused for its address spends nothing of the email's limit, so nobody can
// use up another person's submissions from an address that is already
// limited.
import type { Pool } from '@governance/db';
import { addressForLimits } from '../shared/address-for-limits.ts';
import { DomainError } from '../shared/domain-error.ts';
import { type Quota, spendAllOrNone } from '../shared/postgres-quotas.ts';

export interface IntakeLimits {
  perIp: number;
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perIp: 20, perEmail: 5, windowSeconds: 60 * 60 };

export interface IntakeLimiter {
  /** Counts a submission against every limit; refuses with RATE_LIMITED, spending nothing, once any is used up. */
  consume(emailHash: string, ip: string | null): Promise<void>;
}

export function createIntakeLimiter(pool: Pool, limits: IntakeLimits = DEFAULT_INTAKE_LIMITS): IntakeLimiter {
  const { windowSeconds } = limits;
  return {
    async consume(emailHash, ip) {
      const quotas: Quota[] = [{ prefix: 'deletion_request_email', key: emailHash, limit: limits.perEmail, windowSeconds }];
      if (ip) quotas.push({ prefix: 'deletion_request_ip', key: addressForLimits(ip), limit: limits.perIp, windowSeconds });
      const outcome = await spendAllOrNone(pool, quotas);
      if (outcome.granted) return;
      const minutes = Math.ceil(outcome.msBeforeNext / 60_000);
      throw new DomainError('RATE_LIMITED', `Too many requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    },
  };
}
