// What every request handler shares in a running process, wired once.

import path from 'node:path';
import { APP_ROLE, createPool, type Db, listen } from '@governance/db';
import { createCheckpoint } from './audit/audit-checkpoint.service.ts';
import { createAuditVerifier } from './audit/audit-verifier.ts';
import { configuredTrustedKeys, type RetiredKeySource } from './audit/retired-keys.ts';
import { loadSigningKey, type SigningKeySource } from './audit/signing-key.ts';
import { createLoginLimiter } from './auth/login-limiter.ts';
import { loadSecondFactorKey, type SecondFactorKeySource } from './auth/second-factor-key.ts';
import type { MailSettings, SessionPolicy } from './config.ts';
import { createIntakeLimiter } from './deletion-requests/intake-limiter.ts';
import type { AppServices } from './graphql/context.ts';
import { auditCheckpointJob } from './jobs/audit-checkpoints.ts';
import { startAuditSealer } from './jobs/audit-sealer.ts';
import { deletionRemindersJob } from './jobs/deletion-reminders.ts';
import { startJobs } from './jobs/graphile-runner.ts';
import { mailDeliveryJob } from './jobs/mail-delivery.ts';
import { retentionSweepJob } from './jobs/retention-sweep.ts';
import type { DeliveryPolicy } from './mail/delivery.service.ts';
import { POLICY_CATALOG_CHANNEL, PolicyCatalogCache } from './policies/catalog-cache.ts';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from './retention/audit-retention-guard.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';

export interface RunningServices {
  services: AppServices;
  close(): Promise<void>;
}

export interface ServiceOptions {
  db: Db;
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  sessions: SessionPolicy;
  trustProxy: boolean;
  /** How many trusted proxies append to X-Forwarded-For (TRUST_PROXY_HOPS); default 1. */
  trustedProxyHops?: number;
  /** The audit checkpoint signing key; default: the configuration's. */
  auditSigningKey: SigningKeySource;
  /** Public keys of retired signing keys, still published and trusted (AUDIT_RETIRED_PUBLIC_KEYS); default: none. */
  auditRetiredPublicKeys?: RetiredKeySource;
  /** The key encrypting staff TOTP secrets; default: generated beside the audit signing key's file. */
  secondFactorKey?: SecondFactorKeySource;
  /** Outgoing mail (SMTP_URL, MAIL_FROM, where files go without SMTP). */
  mail: MailSettings;
  /** The portal's public origin, for links in mail. */
  publicUrl: string;
  /** Batch size, attempts and the claim lease of mail delivery; default DEFAULT_DELIVERY_POLICY. */
  mailDelivery?: Partial<DeliveryPolicy>;
  /** When the retention sweep runs (RETENTION_SWEEP_CRON); default hourly. */
  retentionSweepCron?: string;
  /** AUDIT_RETENTION_FLOOR; default one year. */
  auditRetentionFloor?: string;
  /** AUDIT_VERIFY_CONCURRENCY: chain verifications at once in this process; default 2. */
  auditVerifyConcurrency?: number;
}

export async function startAppServices(options: ServiceOptions): Promise<RunningServices> {
  const policyCatalog = new PolicyCatalogCache();
  const listener = await listen(options.databaseUrl, POLICY_CATALOG_CHANNEL, {
    onNotify: () => policyCatalog.clear(),
    onError: (error) => options.logger.warn({ reason: error.message }, 'lost the policy catalog subscription; reconnecting'),
  });
  // The limits get a small pool of their own: each check holds a connection for a transaction waiting on
  // counter locks, so a flood of sign-ins or submissions queues here instead of starving every other query.
  const limiterPool = createPool(options.databaseUrl, { role: APP_ROLE, maxConnections: 4 });
  // The audit trail: committed events are chained continuously, and the chain heads signed hourly.
  const auditKey = await loadSigningKey(options.auditSigningKey);
  if (!options.auditSigningKey.value) {
    // Fine for one process; each replica with a DATA_DIR of its own would publish a key of its own.
    options.logger.info(
      { file: options.auditSigningKey.file, keyId: auditKey.id },
      'audit checkpoints are signed with the key generated in this DATA_DIR; replicas must share one key: set AUDIT_SIGNING_KEY to the same value on every process',
    );
  }
  // Read once, before serving: what is published and trusted comes from configuration, never from the database.
  const trustedKeys = await configuredTrustedKeys(auditKey, options.auditRetiredPublicKeys);
  const auditRetentionFloor = options.auditRetentionFloor ?? DEFAULT_AUDIT_RETENTION_FLOOR;
  const secondFactorKey = await loadSecondFactorKey(
    options.secondFactorKey ?? { value: undefined, file: path.join(path.dirname(options.auditSigningKey.file), 'second-factor-key') },
  );
  const auditSealer = await startAuditSealer(options);
  // Scheduled work, on one graphile-worker (each job runs once across replicas): chain heads signed
  // hourly, the mail outbox delivered after commit and retried with backoff, every organization swept
  // by its retention settings, and staff reminded each morning of the deletion requests due soon.
  const jobs = await startJobs(options.databaseUrl, options.logger, [
    auditCheckpointJob({ ...options, key: auditKey }),
    mailDeliveryJob({ ...options, ...(options.mailDelivery ? { policy: options.mailDelivery } : {}) }),
    retentionSweepJob({
      ...options,
      key: auditKey,
      mailDirectory: options.mail.directory,
      auditRetentionFloor,
      ...(options.retentionSweepCron ? { schedule: options.retentionSweepCron } : {}),
    }),
    deletionRemindersJob(options),
  ]);
  // One at start-up too, so a fresh deployment publishes a checkpoint without waiting for the hour.
  const firstCheckpoint = auditSealer
    .drain()
    .then(() => createCheckpoint(options.db, options.clock, auditKey))
    .catch((error: Error) => options.logger.warn({ reason: error.message }, 'could not sign audit checkpoints at start-up'));
  return {
    services: {
      db: options.db,
      clock: options.clock,
      logger: options.logger,
      policyCatalog,
      sessions: options.sessions,
      loginLimiter: createLoginLimiter(limiterPool),
      intakeLimiter: createIntakeLimiter(limiterPool),
      trustProxy: options.trustProxy,
      trustedProxyHops: options.trustedProxyHops,
      signingKey: auditKey,
      trustedKeys,
      secondFactorKey,
      publicUrl: options.publicUrl,
      auditRetentionFloor,
      auditVerifier: createAuditVerifier({
        db: options.db,
        databaseUrl: options.databaseUrl,
        keys: trustedKeys,
        ...(options.auditVerifyConcurrency ? { concurrency: options.auditVerifyConcurrency } : {}),
      }),
    },
    async close() {
      await jobs.close();
      await auditSealer.close();
      await firstCheckpoint;
      await listener.close();
      await limiterPool.end();
    },
  };
}
