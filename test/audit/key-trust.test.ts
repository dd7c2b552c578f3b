// The attack this guards against: someone with the database's superuser
// writes an Ed25519 key of their own into the signing-key table, signs a
// `retention.purged` record with it, deletes every event a saved checkpoint
// covers, and forges receipts with the same key. Nothing trusts a key
// because the database names it: not the server, not the published list,
// not the offline verifiers.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { insertCheckpoint } from '@governance/api/audit/audit-checkpoint.repository';
import { createCheckpoint, type PublishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { checkpointPayload, signCheckpointPayload } from '@governance/api/audit/checkpoint';
import { type SigningKey, signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { RECEIPT_TYPE, signReceipt } from '@governance/api/deletion-requests/receipt';
import { createHttpServer } from '@governance/api/http/server';
import { fixedClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');
const SIGNED_AT = '2026-11-22T05:00:00.000000Z';

describe('a signing key slipped into the database', () => {
  let database: TestDatabase;
  let api: TestApi;
  let server: Server;
  let base: string;
  let acme: string;
  let auditorCookie: string;
  let dir: string;
  /** The well-known document an outside party saved before the attack. */
  let saved: string;
  let purgedThrough: number;
  const forger = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
  const verify = (...args: string[]) => runCli('cli', ['audit:verify', '--org', 'acme', ...args], { DATABASE_URL: database.url });
  const wellKnown = async () => (await (await fetch(`${base}/.well-known/audit-checkpoints/acme.json`)).json()) as PublishedCheckpoints;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = createTestApi(database, clock);
    acme = await createOrganization(database.db, 'acme');
    await createStaff(database, 'auditor@acme.example', { organization: 'acme', role: 'AUDITOR' });
    auditorCookie = await signIn(api, 'auditor@acme.example');
    for (let index = 0; index < 8; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, index, clock.now())));
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), api.services.signingKey);
    server = createHttpServer(api.services, { graphiql: false, portal: (_request, response) => response.end() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(path.join(tmpdir(), 'key-trust-'));
    saved = path.join(dir, 'acme-before.json');
    const before = await wellKnown();
    expect(before.checkpoints.length).toBeGreaterThan(0);
    await writeFile(saved, JSON.stringify(before));

    // The attack: a key of the superuser's own, a purge record it signs, the covered events deleted.
    await database.owner
      .insertInto('audit_signing_key')
      .values({ id: forger.id, algorithm: 'Ed25519', public_key_pem: forger.publicKeyPem })
      .execute();
    const head = await database.db
      .selectFrom('audit_event')
      .select(sql<string>`max(seq)`.as('seq'))
      .where('chain', '=', acme)
      .executeTakeFirstOrThrow();
    purgedThrough = Number(head.seq) - 2;
    await forgePurge(database, acme, purgedThrough, forger);
  });
  afterAll(async () => {
    server?.close();
    await database.drop();
  });

  it('cannot be added by the application role', async () => {
    const other = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
    await expect(
      database.db
        .insertInto('audit_signing_key')
        .values({ id: other.id, algorithm: 'Ed25519', public_key_pem: other.publicKeyPem })
        .execute(),
    ).rejects.toThrow(/permission denied/);
  });

  it('does not make audit:verify accept the purge: the saved checkpoint’s events are gone, and it exits 1 saying why', async () => {
    for (const args of [
      ['--checkpoint', saved],
      ['--keys', saved],
    ]) {
      const result = await verify(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toContain('TAMPERED');
      expect(result.stdout).toContain('first bad seq: 1');
      expect(result.stdout).toContain(`says events through seq ${purgedThrough} were purged`);
      expect(result.stdout).toContain(`signed by key ${forger.id.slice(0, 16)}…, which is not a trusted key`);
    }
  });

  it('without a trusted copy, audit:verify does not call the chain intact past the purge (exit 3)', async () => {
    const result = await verify();
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`UNVERIFIED: the audit chain of acme is consistent only from seq ${purgedThrough + 1}`);
    expect(result.stdout).toContain('which was not checked: no trusted key was given');
    expect(result.stdout).not.toContain('intact');
  });

  it('does not make verifyAuditChain (the server, with its configured keys) accept the purge', async () => {
    const response = await api.query<{ verifyAuditChain: { ok: boolean; firstBadSeq: number | null; reason: string | null } }>(
      'query { verifyAuditChain(organization: "acme") { ok firstBadSeq reason } }',
      {},
      { cookie: auditorCookie },
    );
    expect(response.data?.verifyAuditChain).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      reason: expect.stringContaining('not a trusted key'),
    });
  });

  it('is not published, nor are checkpoints it signed, and a receipt forged with it does not verify with the published list', async () => {
    await insertCheckpoint(database.owner, forgedCheckpoint(acme, purgedThrough + 2, forger));
    const published = await wellKnown();
    expect(published.publicKeys.map((key) => key.id)).toEqual([api.services.signingKey.id]);
    expect(published.checkpoints.map((checkpoint) => checkpoint.publicKeyId)).not.toContain(forger.id);
    const list = path.join(dir, 'acme-now.json');
    await writeFile(list, JSON.stringify(published));
    const receipt = path.join(dir, 'forged-receipt.json');
    await writeFile(receipt, JSON.stringify(forgedReceipt(forger)));
    const result = await runCli('cli', ['receipt:verify', receipt, '--keys', list]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`signed by key ${forger.id}, which ${list} does not hold`);
  });
});

/** A purge record signed by `key`, sealed, and the events it names deleted by the superuser. */
async function forgePurge(database: TestDatabase, chain: string, throughSeq: number, key: SigningKey): Promise<void> {
  const last = await database.db
    .selectFrom('audit_event')
    .select('hash')
    .where('chain', '=', chain)
    .where('seq', '=', String(throughSeq))
    .executeTakeFirstOrThrow();
  const signed = forgedCheckpoint(chain, throughSeq, key, last.hash);
  await database.owner.transaction().execute((trx) =>
    recordAuditEvent(trx, {
      organizationId: chain,
      actor: { type: 'SYSTEM', id: null, label: 'retention sweep' },
      action: 'retention.purged',
      target: { type: 'AuditChain', id: chain },
      metadata: { throughSeq, lastHash: last.hash, signedAt: signed.signedAt, signature: signed.signature, publicKeyId: key.id },
      occurredAt: clock.now(),
    }),
  );
  await sealPending({ db: database.db, clock }, systemPrincipal('test'));
  await database.owner.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger user`.execute(trx);
    await sql`delete from audit_event where chain = ${chain} and seq <= ${throughSeq}`.execute(trx);
    await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
    await sql`alter table audit_event enable always trigger audit_event_no_truncate`.execute(trx);
  });
}

function forgedCheckpoint(chain: string, seq: number, key: SigningKey, hash = 'a'.repeat(64)) {
  const unsigned = { chain, seq, hash, signedAt: SIGNED_AT };
  return { ...unsigned, signature: signCheckpointPayload(checkpointPayload(unsigned), key.privateKey), publicKeyId: key.id };
}

function forgedReceipt(key: SigningKey) {
  return signReceipt(
    {
      type: RECEIPT_TYPE,
      version: 1,
      reference: 'DR-2026-FORGED',
      organization: { slug: 'acme', name: 'ACME' },
      jurisdiction: 'GDPR',
      receivedAt: '2026-11-01T09:00:00.000Z',
      completedAt: '2026-11-02T09:00:00.000Z',
      scope: { summary: 'Nothing was erased', systems: [] },
      privacyPolicy: null,
      policiesInForce: [],
    },
    key,
  );
}
