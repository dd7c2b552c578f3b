// Verifies a long chain on several cores: the seqs are cut into contiguous
// ranges, each walked by a worker thread on its own connection. This is as
// sound as one walk: each event is checked against its own content and the
// stored hash of the one before it, so ranges need nothing from each other,
// and the first range (in seq order) that fails names the first bad seq.
// The API uses it with `offThread` and one worker, so that hashing a chain
// never runs on the thread that answers requests.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Principal } from '../auth/principal.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { requireChainReader } from './audit.service.ts';
import { type VerifyOptions, verdict, verificationBounds, verifyChain, type WalkedRange } from './audit-verify.service.ts';
import type { ChainVerification } from './models.ts';
import type { RangeJob } from './verify-range.worker.ts';

const MIN_EVENTS_PER_WORKER = 50_000;

export interface ParallelVerifyOptions extends VerifyOptions {
  /** The database URL the workers connect to (as the application role). */
  url: string;
  /** Default: the cores available. */
  workers?: number;
  /** Default 50,000: below it, starting threads costs more than it saves. */
  minEventsPerWorker?: number;
  /** Walk on worker threads however short the chain (at least one), keeping the calling thread free. */
  offThread?: boolean;
}

export async function verifyChainInParallel(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  chain: string,
  options: ParallelVerifyOptions,
): Promise<ChainVerification> {
  requireChainReader(principal, chain);
  const { from, to } = await verificationBounds(db, chain, options);
  const events = to - from + 1;
  const worthStarting = Math.min(
    options.workers ?? availableParallelism(),
    Math.floor(events / (options.minEventsPerWorker ?? MIN_EVENTS_PER_WORKER)),
  );
  if (events <= 0 || (worthStarting < 2 && !options.offThread)) return verifyChain({ db }, principal, chain, options);
  const workers = Math.max(1, worthStarting);

  const size = Math.ceil(events / workers);
  const ranges = Array.from({ length: workers }, (_, index) => ({
    from: from + index * size,
    to: Math.min(to, from + (index + 1) * size - 1),
  }));
  const trust = { keys: options.keys, followUnverifiedPurges: options.followUnverifiedPurges ?? false };
  const walked = await Promise.all(ranges.map((range) => walkInWorker({ url: options.url, chain, ...range, trust })));

  let eventsChecked = 0;
  for (const range of walked) {
    if (!range.result.ok) {
      return verdict(
        db,
        chain,
        { ...range, result: { ...range.result, eventsChecked: eventsChecked + range.result.eventsChecked } },
        from,
        options,
      );
    }
    eventsChecked += range.result.eventsChecked;
  }
  const whole: WalkedRange = { result: { ok: true, eventsChecked, firstBadSeq: null, reason: null }, nextSeq: to + 1 };
  return verdict(db, chain, whole, from, options);
}

function walkInWorker(job: RangeJob): Promise<WalkedRange> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./verify-range.worker.ts', import.meta.url), { workerData: job });
    let answered = false;
    worker.once('message', (walked: WalkedRange) => {
      answered = true;
      resolve(walked);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the verification worker for seqs ${job.from}..${job.to} exited with ${code}`));
    });
  });
}
