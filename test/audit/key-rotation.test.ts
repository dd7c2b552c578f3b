// Rotating the audit signing key as the README says: a new key signs from
// then on, the old key's public half goes to the retired list
// (AUDIT_RETIRED_PUBLIC_KEYS, by default DATA_DIR/audit-retired-keys/), and
// receipts and checkpoints signed before still verify with the new
// published list. A key that is neither current nor retired is not
// published and not trusted.

import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCheckpoint, type PublishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { configuredTrustedKeys } from '@governance/api/audit/retired-keys';
import { type SigningKey, signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { loadConfig } from '@governance/api/config';
import { RECEIPT_TYPE, signReceipt } from '@governance/api/deletion-requests/receipt';
import type { AppServices } from '@governance/api/graphql/context';
import { createHttpServer } from '@governance/api/http/server';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, recordConcurrently, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');
const newKey = () => signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

function receiptSignedBy(key: SigningKey, reference: string) {
  return signReceipt(
    {
      type: RECEIPT_TYPE,
      version: 1,
      reference,
      organization: { slug: 'acme', name: 'ACME' },
      jurisdiction: 'GDPR',
      receivedAt: '2026-11-01T09:00:00.000Z',
      completedAt: '2026-11-02T09:00:00.000Z',
      scope: { summary: 'Account erased', systems: ['crm'] },
      privacyPolicy: null,
      policiesInForce: [],
    },
    key,
  );
}

describe('rotating the audit signing key', () => {
  let database: TestDatabase;
  let acme: string;
  let dir: string;
  const servers: Server[] = [];
  const keyA = newKey();
  const keyB = newKey();
  const stranger = newKey();
  let published: PublishedCheckpoints;
  const file = (name: string) => path.join(dir, name);
  const cli = (...args: string[]) => runCli('cli', args, { DATABASE_URL: database.url });

  /** The server as configured: this signing key, and the retired keys of DATA_DIR/audit-retired-keys/. */
  async function wellKnownOf(signingKey: SigningKey): Promise<PublishedCheckpoints> {
    const config = loadConfig({ DATA_DIR: dir });
    const services: AppServices = {
      ...createTestServices(database, clock),
      signingKey,
      trustedKeys: await configuredTrustedKeys(signingKey, config.auditRetiredPublicKeys),
    };
    const server = createHttpServer(services, { graphiql: false, portal: (_request, response) => response.end() });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/audit-checkpoints/acme.json`);
    return (await response.json()) as PublishedCheckpoints;
  }

  async function recordAndSign(key: SigningKey, from: number) {
    await recordConcurrently(
      database.db,
      Array.from({ length: 5 }, (_, index) => sampleEvent(acme, from + index, clock.now())),
      1,
    );
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    dir = await mkdtemp(path.join(tmpdir(), 'key-rotation-'));

    // Before the rotation: key A signs a checkpoint and a receipt; someone saves the published list.
    await recordAndSign(keyA, 0);
    await writeFile(file('receipt-a.json'), JSON.stringify(receiptSignedBy(keyA, 'DR-2026-AAAAA')));
    const before = await wellKnownOf(keyA);
    expect(before.publicKeys.map((key) => key.id)).toEqual([keyA.id]);
    await writeFile(file('acme-before.json'), JSON.stringify(before));

    // The rotation: A's public half (`openssl pkey -in old.pem -pubout`) into the retired directory, B configured.
    await mkdir(path.join(dir, 'audit-retired-keys'));
    await writeFile(path.join(dir, 'audit-retired-keys', '2026-11-a.pem'), keyA.publicKeyPem);
    await recordAndSign(keyB, 5);
    // A key nobody configured signs a checkpoint too (the application may still store any).
    await recordAndSign(stranger, 10);
    published = await wellKnownOf(keyB);
    await writeFile(file('acme-after.json'), JSON.stringify(published));
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await database.drop();
  });

  it('publishes the current key first and the retired one, with the checkpoints each signed, and nothing of an unconfigured key', () => {
    expect(published.publicKeys.map((key) => key.id)).toEqual([keyB.id, keyA.id]);
    expect(published.checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint.publicKeyId])).toEqual([
      [10, keyB.id],
      [5, keyA.id],
    ]);
  });

  it('receipt:verify accepts a receipt signed before the rotation with the new published list, and refuses an unconfigured key’s', async () => {
    const old = await cli('receipt:verify', file('receipt-a.json'), '--keys', file('acme-after.json'));
    expect(old.code).toBe(0);
    expect(old.stdout).toContain('OK: receipt DR-2026-AAAAA is signed by ACME');
    await writeFile(file('receipt-stranger.json'), JSON.stringify(receiptSignedBy(stranger, 'DR-2026-SSSSS')));
    const strangers = await cli('receipt:verify', file('receipt-stranger.json'), '--keys', file('acme-after.json'));
    expect(strangers.code).toBe(1);
    expect(strangers.stdout).toContain('does not hold');
  });

  it('audit:verify accepts the checkpoints of both keys with the new list, and the old saved checkpoint pinned to it', async () => {
    const after = await cli('audit:verify', '--org', 'acme', '--checkpoint', file('acme-after.json'));
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('2 signed checkpoint(s) hold, the latest at seq 10');
    const pinned = await cli('audit:verify', '--org', 'acme', '--checkpoint', file('acme-before.json'), '--keys', file('acme-after.json'));
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain('1 signed checkpoint(s) hold, the latest at seq 5');
  });

  it('audit:verify refuses a saved checkpoint whose key the pinned keys do not hold', async () => {
    await writeFile(file('b.pem'), keyB.publicKeyPem);
    const result = await cli('audit:verify', '--org', 'acme', '--checkpoint', file('acme-before.json'), '--keys', file('b.pem'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`1 checkpoint(s) in ${file('acme-before.json')} do not verify with a key in ${file('b.pem')}`);
  });
});
