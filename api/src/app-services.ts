// What every request handler shares in a running process, wired once.

import { type Db, listen } from '@governance/db';
import { createCheckpoint } from './audit/audit-checkpoint.service.ts';
import { systemPrincipal } from './auth/principal.ts';
import type { MailSettings, SessionPolicy } from './config.ts';
import { type KeySources, loadConfiguredKeys } from './configured-keys.ts';
import type { AppServices } from './graphql/context.ts';
import { auditCheckpointJob } from './jobs/audit-checkpoints.ts';
import { startAuditSealer } from './jobs/audit-sealer.ts';
import { deletionRemindersJob } from './jobs/deletion-reminders.ts';
import { startJobs } from './jobs/graphile-runner.ts';
import { mailDeliveryJob } from './jobs/mail-delivery.ts';
import { retentionSweepJob } from './jobs/retention-sweep.ts';
import type { DeliveryPolicy } from './mail/delivery.service.ts';
import { POLICY_CATALOG_CHANNEL } from './policies/catalog-cache.ts';
import type { PackageDelivery } from './privacy-packages/delivery.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createUseCaseContext } from './use-case-context.ts';

export interface RunningServices {
  services: AppServices;
  close(): Promise<void>;
}

export interface ServiceOptions extends KeySources {
  db: Db;
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  sessions: SessionPolicy;
  trustProxy: boolean;
  /** How many trusted proxies append to X-Forwarded-For (TRUST_PROXY_HOPS); default 1. */
  trustedProxyHops?: number;
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
  /** PACKAGE_LINK_DAYS and PACKAGE_LINK_DOWNLOADS; default 7 days and 3 downloads. */
  packageDelivery?: PackageDelivery;
}

export async function startAppServices(options: ServiceOptions): Promise<RunningServices> {
  // Read once, before serving: what is signed, published and trusted comes from configuration, never from the database.
  const keys = await loadConfiguredKeys(options);
  const auditKey = keys.signingKey;
  if (!options.auditSigningKey.value) {
    // Fine for one process; each replica with a DATA_DIR of its own would publish a key of its own.
    options.logger.info(
      { file: options.auditSigningKey.file, keyId: auditKey.id },
      'audit checkpoints are signed with the key generated in this DATA_DIR; replicas must share one key: set AUDIT_SIGNING_KEY to the same value on every process',
    );
  }
  const useCases = createUseCaseContext({ ...options, ...keys, mailDirectory: options.mail.directory });
  const context = useCases.context;
  const listener = await listen(options.databaseUrl, POLICY_CATALOG_CHANNEL, {
    onNotify: () => context.policyCatalog.clear(),
    onError: (error) => options.logger.warn({ reason: error.message }, 'lost the policy catalog subscription; reconnecting'),
  });
  const auditSealer = await startAuditSealer(options);
  // Scheduled work, on one graphile-worker (each job runs once across replicas): chain heads signed
  // hourly, the mail outbox delivered after commit and retried with backoff, every organization swept
  // by its retention settings, and staff reminded each morning of the deletion requests due soon.
  const jobs = await startJobs(options.databaseUrl, options.logger, [
    auditCheckpointJob({ ...options, key: auditKey }),
    mailDeliveryJob({ ...options, ...(options.mailDelivery ? { policy: options.mailDelivery } : {}) }),
    retentionSweepJob(context, options.retentionSweepCron),
    deletionRemindersJob(context),
  ]);
  // One at start-up too, so a fresh deployment publishes a checkpoint without waiting for the hour.
  const firstCheckpoint = auditSealer
    .drain()
    .then(() => createCheckpoint(options, systemPrincipal('audit checkpoint at start-up'), auditKey))
    .catch((error: Error) => options.logger.warn({ reason: error.message }, 'could not sign audit checkpoints at start-up'));
  return {
    services: { ...context, trustProxy: options.trustProxy, trustedProxyHops: options.trustedProxyHops },
    async close() {
      await jobs.close();
      await auditSealer.close();
      await firstCheckpoint;
      await listener.close();
      await useCases.close();
    },
  };
}
