// The audit jobs as `pnpm start` wires them: the sealer chains what is
// recorded, a key is generated on first start, and the chain heads are
// signed at start-up; closing stops everything.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppServices } from '@governance/api/app-services';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');

describe('the audit trail in a running API process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('seals, generates its signing key, signs the heads at start-up, and stops on close', async () => {
    const acme = await createOrganization(database.db, 'acme');
    for (let index = 0; index < 3; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, index, clock.now())));
    }
    const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'audit-app-')), 'audit-signing-key.pem');
    const retired = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
    const running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock,
      logger: createLogger('silent'),
      sessions: { idleMs: 60_000, absoluteMs: 3_600_000 },
      trustProxy: false,
      auditSigningKey: { value: undefined, file: keyFile },
      auditRetiredPublicKeys: { value: retired.publicKeyPem, directory: '/nonexistent' },
      mail: { smtpUrl: undefined, from: 'Test <test@localhost>', directory: path.join(tmpdir(), `mail-audit-app-${process.pid}`) },
      publicUrl: 'http://portal.test',
    });
    try {
      const checkpoints = () => database.db.selectFrom('audit_checkpoint').select('seq').where('chain', '=', acme).execute();
      await eventually(async () => (await checkpoints()).length > 0);
      expect(await checkpoints()).toEqual([{ seq: '3' }]);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      // What it publishes and trusts: its own key, then the retired one configured.
      expect([...running.services.trustedKeys.keys()]).toEqual([running.services.signingKey.id, retired.id]);
    } finally {
      await running.close();
    }
    // Closed: nothing seals any more.
    await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, 9, clock.now())));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await database.db.selectFrom('audit_event_pending').select('id').execute()).toHaveLength(1);
  });
});
