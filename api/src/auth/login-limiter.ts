// Password checks are limited per account and per IP address, in PostgreSQL,
// so every API process shares the counts. Each sign-in RESERVES its check
// before the (slow) password verification: the account's and the address's
// counters are locked and raised together in one transaction, so however many
// attempts arrive at once, at most `perAccount` and `perIp` passwords are
// verified per window. A refusal spends nothing: when either counter is full,
// neither is raised.
//
// The counters live in the rate_limit table (key, points, expire in epoch
// milliseconds) under keys of their own. Time is PostgreSQL's, so API
// processes with drifting clocks agree on when a window ends.
import { createHash } from 'node:crypto';
import type { Pool } from '@governance/db';
import { DomainError } from '../shared/domain-error.ts';

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

interface Counter {
  name: LimitName;
  key: string;
  limit: number;
}

interface CounterRow {
  key: string;
  points: number;
  expire: string | null;
  now_ms: string;
}

// A key holds a hash, not the email or address itself: the table keeps no
// personal data in clear, and a key's length is bounded whatever was typed.
const keyOf = (prefix: string, value: string) => `${prefix}:${createHash('sha256').update(value).digest('hex')}`;

export function createLoginLimiter(pool: Pool, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const windowMs = limits.windowSeconds * 1000;
  const countersOf = (email: string, ip: string | null): Counter[] => [
    { name: 'account', key: keyOf('login_account', email), limit: limits.perAccount },
    ...(ip === null ? [] : [{ name: 'address' as const, key: keyOf('login_ip', ip), limit: limits.perIp }]),
  ];

  return {
    async reserve(email, ip) {
      const counters = countersOf(email, ip);
      const keys = counters.map((counter) => counter.key).sort(); // one lock order for everyone: no deadlocks
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`insert into rate_limit (key, points, expire) select unnest($1::text[]), 0, null on conflict (key) do nothing`, [
          keys,
        ]);
        const { rows } = await client.query<CounterRow>(
          `select key, points, expire, (extract(epoch from clock_timestamp()) * 1000)::bigint as now_ms
             from rate_limit where key = any($1::text[]) order by key for update`,
          [keys],
        );
        const now = Number(rows[0]?.now_ms);
        const state = counters.map((counter) => {
          const row = rows.find((candidate) => candidate.key === counter.key);
          const expire = row?.expire == null ? null : Number(row.expire);
          const current = expire !== null && expire > now;
          return { ...counter, points: current ? (row?.points ?? 0) : 0, expire: current ? expire : null };
        });

        const full = state.filter((counter) => counter.points >= counter.limit);
        if (full.length > 0) {
          // A full counter goes one past its limit on its first refusal: that marks the lockout as recorded.
          const newlyLocked = full.filter((counter) => counter.points === counter.limit);
          for (const counter of newlyLocked) {
            await client.query('update rate_limit set points = $2 where key = $1', [counter.key, counter.limit + 1]);
          }
          // A refusal leaves no trace either: the empty counter made for an account never tried before goes again.
          await client.query('delete from rate_limit where key = any($1::text[]) and points = 0 and expire is null', [keys]);
          await client.query('commit');
          return {
            granted: false,
            retryAfterMs: Math.max(...full.map((counter) => (counter.expire ?? now) - now)),
            newlyLocked: newlyLocked.map((counter) => counter.name),
          };
        }
        for (const counter of state) {
          await client.query('update rate_limit set points = $2, expire = $3 where key = $1', [
            counter.key,
            counter.points + 1,
            counter.expire ?? now + windowMs,
          ]);
        }
        await client.query('commit');
        return { granted: true };
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async recordSuccess(email, ip) {
      const [account, address] = countersOf(email, ip);
      if (account) await pool.query('delete from rate_limit where key = $1', [account.key]);
      // Only failures count against an address shared by many staff (an office).
      if (address) await giveBack(address);
    },

    async refund(email, ip) {
      for (const counter of countersOf(email, ip)) await giveBack(counter);
    },
  };

  /** One reserved check back; a lockout already recorded (one past the limit) stays. */
  async function giveBack(counter: Counter): Promise<void> {
    await pool.query('update rate_limit set points = points - 1 where key = $1 and points between 1 and $2', [counter.key, counter.limit]);
  }
}
