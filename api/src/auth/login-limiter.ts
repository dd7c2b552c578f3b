// Password checks are limited per account and per IP address, in PostgreSQL,
// so every API process shares the counts. Each sign-in RESERVES its check
// before the (slow) password verification: the account's and the address's
// counters are spent together, all or none (postgres-quotas.ts), so however
// many attempts arrive at once, at most `perAccount` and `perIp` passwords are
// verified per window, and a refusal spends neither counter.
import { createHash } from 'node:crypto';
import type { Pool } from '@governance/db';
import { addressForLimits } from '../shared/address-for-limits.ts';
import { DomainError } from '../shared/domain-error.ts';
import { type Quota, refundOne, resetQuota, spendAllOrNone } from '../shared/postgres-quotas.ts';

export interface LoginLimits {
  /** Password checks per account per window. */
  perAccount: number;
  /** Password checks per IP address per window. */
  perIp: number;
  /** The window, counted from its first check; a full counter refuses until the window ends. */
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 20, windowSeconds: 15 * 60 };

export type LimitName = 'account' | 'address';

export type LoginReservation =
  | { granted: true }
  | {
      granted: false;
      /** Milliseconds until the fullest refusing counter's window ends. */
      retryAfterMs: number;
      /** The counters this refusal found full for the first time in their lockout: record the lockout once, not per attempt. */
      newlyLocked: LimitName[];
    };

export interface LoginLimiter {
  /** Reserves one password check for the account and the address, or refuses without spending either. */
  reserve(email: string, ip: string | null): Promise<LoginReservation>;
  /** A successful sign-in: the account's counter starts again, and the address gets its reserved check back. */
  recordSuccess(email: string, ip: string | null): Promise<void>;
  /** A check that was no failure but opened nothing yet (a right password before its code): both get it back. */
  refund(email: string, ip: string | null): Promise<void>;
}

/** The answer to a refused reservation, saying how long until sign-in is allowed again. */
export function lockedOutFor(retryAfterMs: number): DomainError {
  const minutes = Math.ceil(retryAfterMs / 60_000);
  return new DomainError('LOCKED_OUT', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

interface LoginQuota extends Quota {
  name: LimitName;
}

// A key holds a hash, not the email or address itself: the table keeps no
// personal data in clear, and a key's length is bounded whatever was typed.
const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

export function createLoginLimiter(pool: Pool, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const { windowSeconds } = limits;
  const accountQuota = (email: string): LoginQuota => ({
    name: 'account',
    prefix: 'login_account',
    key: hashOf(email),
    limit: limits.perAccount,
    windowSeconds,
  });
  const addressQuota = (ip: string): LoginQuota => ({
    name: 'address',
    prefix: 'login_ip',
    key: hashOf(addressForLimits(ip)),
    limit: limits.perIp,
    windowSeconds,
  });

  return {
    async reserve(email, ip) {
      const quotas = ip === null ? [accountQuota(email)] : [accountQuota(email), addressQuota(ip)];
      // Marked exhaustion tells a lockout's first refusal from the next ones, so `auth.login.locked` is written once.
      const outcome = await spendAllOrNone(pool, quotas, { markExhaustion: true });
      if (outcome.granted) return { granted: true };
      return {
        granted: false,
        retryAfterMs: outcome.msBeforeNext,
        newlyLocked: outcome.newlyExhausted.map((quota) => quota.name),
      };
    },

    async recordSuccess(email, ip) {
      await resetQuota(pool, accountQuota(email));
      // Only failures count against an address shared by many staff (an office); a lockout already recorded stays.
      if (ip !== null) await refundOne(pool, addressQuota(ip));
    },

    async refund(email, ip) {
      await refundOne(pool, accountQuota(email));
      if (ip !== null) await refundOne(pool, addressQuota(ip));
    },
  };
}
