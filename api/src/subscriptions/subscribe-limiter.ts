// Subscription requests are limited per client address and per email, in
// PostgreSQL so every API process shares the counts: the form is public and
// each request sends a mail to the address typed. Both limits are checked
// before either is spent (shared/postgres-quotas.ts), so nobody can use up
// another person's requests from an address that is already limited.
import type { Pool } from '@governance/db';
import { addressForLimits } from '../shared/address-for-limits.ts';
import { DomainError } from '../shared/domain-error.ts';
import { type Quota, spendAllOrNone } from '../shared/postgres-quotas.ts';

export interface SubscribeLimits {
  perIp: number;
  perEmail: number;
  windowSeconds: number;
}

/** A person needs one or two tries; an office behind one address a few more. */
export const DEFAULT_SUBSCRIBE_LIMITS: SubscribeLimits = { perIp: 10, perEmail: 3, windowSeconds: 60 * 60 };

export interface SubscribeLimiter {
  /** Counts a request against every limit; refuses with RATE_LIMITED, spending nothing, once any is used up. */
  consume(emailHash: string, ip: string | null): Promise<void>;
}

export function createSubscribeLimiter(pool: Pool, limits: SubscribeLimits = DEFAULT_SUBSCRIBE_LIMITS): SubscribeLimiter {
  const { windowSeconds } = limits;
  return {
    async consume(emailHash, ip) {
      const quotas: Quota[] = [{ prefix: 'change_subscription_email', key: emailHash, limit: limits.perEmail, windowSeconds }];
      if (ip) quotas.push({ prefix: 'change_subscription_ip', key: addressForLimits(ip), limit: limits.perIp, windowSeconds });
      const outcome = await spendAllOrNone(pool, quotas);
      if (outcome.granted) return;
      const minutes = Math.ceil(outcome.msBeforeNext / 60_000);
      throw new DomainError('RATE_LIMITED', `Too many requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    },
  };
}
