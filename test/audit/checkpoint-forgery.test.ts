// Whoever can write to the checkpoint table (the application's own role
// signs checkpoints, so it can) may add rows that name the server's key but
// carry no valid signature. They must neither push the genuine checkpoints
// out of the published list nor spoil a copy saved from it.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { insertCheckpoint } from '@governance/api/audit/audit-checkpoint.repository';
import { createCheckpoint, PUBLISHED_CHECKPOINTS, publishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { checkpointPayload, signCheckpointPayload } from '@governance/api/audit/checkpoint';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');

describe('checkpoint rows that name the server key without its signature', () => {
  let database: TestDatabase;
  let api: TestApi;
  let acme: string;
  let genuineSeq: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, clock);
    acme = await createOrganization(database.db, 'acme');
    for (let index = 0; index < 5; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, index, clock.now())));
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), api.services.signingKey);
    genuineSeq = 5;
    // More forgeries than the list publishes, all newer than the genuine checkpoint, written as the application.
    const forger = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
    for (let seq = 100; seq < 100 + PUBLISHED_CHECKPOINTS + 6; seq++) {
      const unsigned = { chain: acme, seq, hash: 'a'.repeat(64), signedAt: '2026-11-22T05:00:00.000000Z' };
      const signature = signCheckpointPayload(checkpointPayload(unsigned), forger.privateKey);
      await insertCheckpoint(database.db, { ...unsigned, signature, publicKeyId: api.services.signingKey.id });
    }
  });
  afterAll(() => database.drop());

  it('are left out of the published list, which still holds the genuine checkpoint', async () => {
    const published = await publishedCheckpoints(database.db, { id: acme, slug: 'acme' }, api.services.trustedKeys);
    expect(published?.checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([genuineSeq]);
  });

  it('do not make a copy saved from the list fail audit:verify', async () => {
    const saved = path.join(await mkdtemp(path.join(tmpdir(), 'checkpoint-forgery-')), 'acme.json');
    await writeFile(saved, JSON.stringify(await publishedCheckpoints(database.db, { id: acme, slug: 'acme' }, api.services.trustedKeys)));
    const result = await runCli('cli', ['audit:verify', '--org', 'acme', '--checkpoint', saved], { DATABASE_URL: database.url });
    expect(result.stdout).toContain('OK: the audit chain of acme is intact');
    expect(result.code).toBe(0);
  });
});
