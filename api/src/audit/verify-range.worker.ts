// A worker thread that walks one range of a chain on its own connection, so
// a long chain verifies on every core (see audit-verify-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { APP_ROLE, createDb } from '@governance/db';
import { type VerifyTrust, walkRange } from './audit-verify.service.ts';

export interface RangeJob {
  url: string;
  chain: string;
  from: number;
  to: number;
  /** The caller's trusted keys (a Map clones across threads). */
  trust: VerifyTrust;
}

const job = workerData as RangeJob;
const db = createDb(job.url, { role: APP_ROLE, maxConnections: 1 });
try {
  parentPort?.postMessage(await walkRange(db, job.chain, job.from, job.to, job.trust));
} finally {
  await db.destroy();
}
