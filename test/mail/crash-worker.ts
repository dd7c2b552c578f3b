// A delivery process for crash.test.ts: runs the mail job against the given
// database and SMTP server, with a short lease, until it is killed.
import { startMailDelivery } from '@governance/api/jobs/mail-delivery';
import { systemClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { APP_ROLE, createDb } from '@governance/db';

const [databaseUrl, smtpUrl, leaseMs] = process.argv.slice(2);
if (!databaseUrl || !smtpUrl || !leaseMs) throw new Error('usage: crash-worker.ts <database-url> <smtp-url> <lease-ms>');
await startMailDelivery({
  db: createDb(databaseUrl, { role: APP_ROLE }),
  databaseUrl,
  clock: systemClock,
  logger: createLogger('silent'),
  mail: { smtpUrl, from: 'Portal <no-reply@portal.example>', directory: '/nonexistent' },
  policy: { leaseMs: Number(leaseMs) },
});
console.log('ready');
