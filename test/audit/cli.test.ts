// pnpm cli audit:verify, run as a person would, against a real database and
// a checkpoint file saved from the well-known endpoint.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCheckpoint, publishedCheckpoints } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { type TrustedKeys, trustedKeysOf } from '@governance/api/audit/trusted-keys';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { organizationNamed } from '../helpers/staff.ts';
import { createOrganization, recordConcurrently, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');

describe('pnpm cli audit:verify', () => {
  let database: TestDatabase;
  let acme: string;
  let globex: string;
  let dir: string;
  let savedCheckpoint: string;
  let savedGlobexCheckpoint: string;
  let keys: TrustedKeys;
  const verify = (...args: string[]) => runCli('cli', ['audit:verify', ...args], { DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    globex = await createOrganization(database.db, 'globex');
    await recordConcurrently(
      database.db,
      Array.from({ length: 50 }, (_, index) => sampleEvent(index < 30 ? acme : globex, index, clock.now())),
      4,
    );
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
    keys = trustedKeysOf([key]);
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), key);
    dir = await mkdtemp(path.join(tmpdir(), 'audit-cli-'));
    savedCheckpoint = path.join(dir, 'acme.json');
    // What an outside party saved from /.well-known/audit-checkpoints/acme.json.
    await writeFile(
      savedCheckpoint,
      JSON.stringify(await publishedCheckpoints(database.db, await organizationNamed(database.db, 'acme'), keys)),
    );
    savedGlobexCheckpoint = path.join(dir, 'globex.json');
    await writeFile(
      savedGlobexCheckpoint,
      JSON.stringify(await publishedCheckpoints(database.db, await organizationNamed(database.db, 'globex'), keys)),
    );
  });
  afterAll(() => database.drop());

  it('exits 0 for an intact chain, with and without a saved checkpoint', async () => {
    const plain = await verify('--org', 'acme');
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toContain('OK: the audit chain of acme is intact: 30 events verified, sealed through seq 30.');
    // Without a copy the user trusts, it says what it could not check.
    expect(plain.stdout).toContain('No signature was checked: without --checkpoint or --keys, a chain rewritten whole would pass too.');
    const withCheckpoint = await verify('--org', 'acme', '--checkpoint', savedCheckpoint);
    expect(withCheckpoint.code).toBe(0);
    expect(withCheckpoint.stdout).toContain('1 signed checkpoint(s) hold, the latest at seq 30');
  });

  it('exits 1 for a checkpoint file whose hash was altered (its signature fails)', async () => {
    const document = JSON.parse(
      JSON.stringify(await publishedCheckpoints(database.db, await organizationNamed(database.db, 'acme'), keys)),
    );
    document.checkpoints[0].hash = '0'.repeat(64);
    const forged = path.join(dir, 'forged.json');
    await writeFile(forged, JSON.stringify(document));
    const result = await verify('--org', 'acme', '--checkpoint', forged);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('do not verify with their published key');
  });

  it.each([
    [[], /--org is required/],
    [['--org'], /argument missing|--org/],
    [['--org', 'acme', '--fast'], /Unknown option '--fast'/],
    [['--org', 'nobody'], /No organization "nobody"/],
    [['--org', 'acme', '--checkpoint', '/nonexistent.json'], /Cannot read the checkpoint file/],
  ])('exits 2 for %j', async (args, message) => {
    const result = await verify(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('audit:checkpoint signs the heads that moved, with the configured key (first as its own process)', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = { DATABASE_URL: database.url, AUDIT_SIGNING_KEY: String(privateKey.export({ type: 'pkcs8', format: 'pem' })) };
    const first = await runCliProcess('cli', ['audit:checkpoint'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Signed chain ${acme} at seq 30`);
    expect(first.stdout).toContain(`Signed chain ${globex} at seq 20`);
    const again = await runCli('cli', ['audit:checkpoint'], env);
    expect(again.stdout).toContain('nothing to do');
    expect((await runCli('cli', ['audit:checkpoint', '--now'], env)).code).toBe(2);
    const signers = await database.db.selectFrom('audit_checkpoint').select('public_key_id').distinct().execute();
    expect(signers).toContainEqual({
      public_key_id: trustedKeysOf([signingKeyFrom(privateKey)])
        .keys()
        .next().value,
    });
    // The key is configuration: nothing is written to the old key table.
    expect(await database.db.selectFrom('audit_signing_key').select('id').execute()).toEqual([]);
  });

  // Last: these tamper with the database for good.
  it('exits 1 naming the first bad seq when an event was edited (as its own process)', async () => {
    await database.owner.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
      await sql`update audit_event set ip = '198.51.100.1' where chain = ${acme} and seq = 12`.execute(trx);
      await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
    });
    const result = await runCliProcess('cli', ['audit:verify', '--org', 'acme'], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('TAMPERED');
    expect(result.stdout).toContain('first bad seq: 12');
  });

  it('catches events cut off the end, with the database’s checkpoints gone too, through the saved checkpoint', async () => {
    await database.owner.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
      await sql`alter table audit_checkpoint disable trigger audit_checkpoint_append_only`.execute(trx);
      await sql`delete from audit_event where chain = ${globex} and seq > 17`.execute(trx);
      await sql`delete from audit_checkpoint where chain = ${globex}`.execute(trx);
      await sql`alter table audit_event enable always trigger audit_event_append_only`.execute(trx);
      await sql`alter table audit_checkpoint enable always trigger audit_checkpoint_append_only`.execute(trx);
    });
    // A chain cut short still links: only a checkpoint kept elsewhere can tell.
    const alone = await verify('--org', 'globex');
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('17 events verified');
    const result = await verify('--org', 'globex', '--checkpoint', savedGlobexCheckpoint);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('first bad seq: 18');
    expect(result.stdout).toContain('covers seq 20');
    // A checkpoint file of another organization is a usage error, not a verdict.
    expect((await verify('--org', 'acme', '--checkpoint', savedGlobexCheckpoint)).code).toBe(2);
  });
});
