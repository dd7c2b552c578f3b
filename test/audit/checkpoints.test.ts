// Signed checkpoints: made on demand (and hourly by the job), published at
// /.well-known/audit-checkpoints/<org>.json, verifiable with the published key.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { createCheckpoint, type PublishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { type Checkpoint, checkpointSignatureValid } from '@governance/api/audit/checkpoint';
import { loadSigningKey, type SigningKey, signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { createHttpServer } from '@governance/api/http/server';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00.123Z');

describe('signed checkpoints', () => {
  let database: TestDatabase;
  let key: SigningKey;
  let acme: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    for (let index = 0; index < 5; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, index, clock.now())));
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    const services = createTestServices(database, clock);
    // The server's configured key: the one it publishes.
    key = services.signingKey;
    server = createHttpServer(services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  it('signs the head of each chain that has events, once per head', async () => {
    const made = await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
    expect(made).toEqual([
      {
        chain: acme,
        seq: 5,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        signedAt: '2026-11-22T04:00:00.123000Z',
        signature: expect.any(String),
        publicKeyId: key.id,
      },
    ]);
    // Nothing moved: nothing new to sign.
    expect(await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key)).toEqual([]);
    const head = await database.db
      .selectFrom('audit_event')
      .select('hash')
      .where('chain', '=', acme)
      .where('seq', '=', '5')
      .executeTakeFirst();
    expect(made[0]?.hash).toBe(head?.hash);
  });

  it('signs a head once when replicas race', async () => {
    await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, 5, clock.now())));
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    const made = await Promise.all([
      createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key),
      createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key),
    ]);
    expect(made.flat().map((checkpoint) => checkpoint.seq)).toEqual([6]);
    expect(await database.db.selectFrom('audit_checkpoint').select('seq').orderBy('seq').execute()).toEqual([{ seq: '5' }, { seq: '6' }]);
  });

  it('publishes them with the public key; the signature verifies, and fails for any altered field', async () => {
    const response = await fetch(`${base}/.well-known/audit-checkpoints/acme.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const document = (await response.json()) as PublishedCheckpoints;
    expect(document).toMatchObject({ organization: 'acme', chain: acme, algorithm: 'Ed25519' });
    expect(document.publicKeys).toEqual([{ id: key.id, format: 'spki-pem', publicKey: key.publicKeyPem }]);
    const [checkpoint] = document.checkpoints as [Checkpoint];
    const published = document.publicKeys[0]?.publicKey ?? '';
    expect(checkpointSignatureValid(checkpoint, published)).toBe(true);

    const flip = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1);
    expect(checkpointSignatureValid({ ...checkpoint, hash: flip(checkpoint.hash) }, published)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, seq: checkpoint.seq + 1 }, published)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, signedAt: '2026-11-22T05:00:00.123000Z' }, published)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, chain: 'site' }, published)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, signature: 'not base64 at all' }, published)).toBe(false);
    // Another key's signature does not pass for this one.
    expect(checkpointSignatureValid(checkpoint, signingKeyFrom(generateKeyPairSync('ed25519').privateKey).publicKey)).toBe(false);
  });

  it('lists an organization without events with no checkpoints but the signing keys, and answers 404 for an unknown one', async () => {
    const empty = await fetch(`${base}/.well-known/audit-checkpoints/globex.json`);
    expect(empty.status).toBe(200);
    // The key set signs deletion receipts too, so it is published for every organization.
    expect(await empty.json()).toMatchObject({ organization: 'globex', publicKeys: [{ id: key.id }], checkpoints: [] });
    for (const slug of ['nobody', '..%2Facme', 'ACME', '%E0%A4%A']) {
      const response = await fetch(`${base}/.well-known/audit-checkpoints/${slug}.json`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'NOT_FOUND' });
    }
  });
});

describe('the checkpoint signing key', () => {
  it('is generated on first start into the data directory, readable by its owner only, and reused', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'audit-key-')), 'nested', 'audit-signing-key.pem');
    const first = await loadSigningKey({ value: undefined, file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = await loadSigningKey({ value: undefined, file });
    expect(again.id).toBe(first.id);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('comes from AUDIT_SIGNING_KEY as PKCS#8 PEM or base64 DER, before any file', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const expected = signingKeyFrom(privateKey).id;
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'audit-key-')), 'unused.pem');
    const pem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect((await loadSigningKey({ value: pem, file })).id).toBe(expected);
    expect((await loadSigningKey({ value: der, file })).id).toBe(expected);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a key that is not Ed25519, or not a key', async () => {
    const file = '/nonexistent/unused.pem';
    const rsa = String(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadSigningKey({ value: rsa, file })).rejects.toThrow(/rsa key; audit checkpoints are signed with Ed25519/);
    await expect(loadSigningKey({ value: 'not a key', file })).rejects.toMatchObject({ code: 'AUDIT_SIGNING_KEY_INVALID' });
  });
});
