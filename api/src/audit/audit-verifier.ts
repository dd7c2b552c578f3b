// Chain verifications asked for through the API. Verifying hashes every
// event of a chain, so it is bounded three ways:
//   - the hashing runs on a worker thread (audit-verify-parallel.ts), never
//     on the thread that answers other requests;
//   - one verification per caller (a user or an API token) at a time,
//     across every API process: a PostgreSQL advisory lock keyed by the
//     caller, held by a transaction while the walk runs;
//   - at most `concurrency` verifications at once in this process.
// Anything beyond is refused at once rather than queued: a queue would let
// one caller hold back everyone else's requests (and connections) instead.
import type { Db } from '@governance/db';
import type { Principal } from '../auth/principal.ts';
import { DomainError } from '../shared/domain-error.ts';
import { tryLockVerification } from './audit.repository.ts';
import { requireChainReader } from './audit.service.ts';
import { verifyChainInParallel } from './audit-verify-parallel.ts';
import type { ChainVerification } from './models.ts';
import type { TrustedKeys } from './trusted-keys.ts';

export const DEFAULT_VERIFY_CONCURRENCY = 2;

export interface AuditVerifierOptions {
  db: Db;
  /** The database the worker threads connect to (as the application role). */
  databaseUrl: string;
  /** The configured keys (current and retired): the only ones whose checkpoints and purge records count. */
  keys: TrustedKeys;
  /** AUDIT_VERIFY_CONCURRENCY: verifications running at once in this process. */
  concurrency?: number;
}

export interface AuditVerifier {
  /** Verifies seqs from..to of the chain for the principal (who needs audit:read), or refuses with RATE_LIMITED or VERIFICATION_IN_PROGRESS. */
  verify(principal: Principal, chain: string, range: { from: number | null; to: number | null }): Promise<ChainVerification>;
}

export function createAuditVerifier(options: AuditVerifierOptions): AuditVerifier {
  const concurrency = options.concurrency ?? DEFAULT_VERIFY_CONCURRENCY;
  let running = 0;
  // Callers verifying in this process, refused before they take a connection: a caller who keeps
  // asking while their verification runs must cost next to nothing (the lock below covers the rest).
  const callersRunning = new Set<string>();
  return {
    async verify(principal, chain, range) {
      requireChainReader(principal, chain);
      const caller = callerOf(principal);
      if (callersRunning.has(caller)) throw inProgress();
      if (running >= concurrency) {
        throw new DomainError('RATE_LIMITED', 'Too many audit chain verifications are running. Try again in a minute.');
      }
      running++;
      callersRunning.add(caller);
      try {
        return await options.db.transaction().execute(async (trx) => {
          if (!(await tryLockVerification(trx, caller))) throw inProgress();
          return verifyChainInParallel(options, principal, chain, {
            url: options.databaseUrl,
            keys: options.keys,
            workers: 1,
            offThread: true,
            ...range,
          });
        });
      } finally {
        running--;
        callersRunning.delete(caller);
      }
    },
  };
}

/** Who a verification is counted against: the user, or the API token. */
function callerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'token':
      return `token:${principal.tokenId}`;
    case 'system':
      return `system:${principal.reason}`;
    default:
      return 'anonymous';
  }
}

const inProgress = () =>
  new DomainError('VERIFICATION_IN_PROGRESS', 'A verification you started is still running. Wait for its result before starting another.');
