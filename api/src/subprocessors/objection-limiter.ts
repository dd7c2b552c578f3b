// Objections are anonymous and each one sends a confirmation mail, so they
// are limited per client address and per email address, in PostgreSQL so
// every API process shares the counts (shared/postgres-quotas.ts). Both
// limits are checked before either is spent: an objection refused for its
// address spends nothing of the email's limit.
import type { Pool } from '@governance/db';
import { addressForLimits } from '../shared/address-for-limits.ts';
import { DomainError } from '../shared/domain-error.ts';
import { type Quota, spendAllOrNone } from '../shared/postgres-quotas.ts';

export interface ObjectionLimits {
  perIp: number;
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_OBJECTION_LIMITS: ObjectionLimits = { perIp: 10, perEmail: 3, windowSeconds: 60 * 60 };

export interface ObjectionLimiter {
  /** Counts an objection against every limit; refuses with RATE_LIMITED, spending nothing, once any is used up. */
  consume(emailHash: string, ip: string | null): Promise<void>;
}

export function createObjectionLimiter(pool: Pool, limits: ObjectionLimits = DEFAULT_OBJECTION_LIMITS): ObjectionLimiter {
  const { windowSeconds } = limits;
  return {
    async consume(emailHash, ip) {
      const quotas: Quota[] = [{ prefix: 'objection_email', key: emailHash, limit: limits.perEmail, windowSeconds }];
      if (ip) quotas.push({ prefix: 'objection_ip', key: addressForLimits(ip), limit: limits.perIp, windowSeconds });
      const outcome = await spendAllOrNone(pool, quotas);
      if (outcome.granted) return;
      const minutes = Math.ceil(outcome.msBeforeNext / 60_000);
      throw new DomainError('RATE_LIMITED', `Too many objections. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    },
  };
}
