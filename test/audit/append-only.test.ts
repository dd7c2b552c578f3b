// The database itself refuses to change the trail for the application's role.

import { generateKeyPairSync } from 'node:crypto';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { createCheckpoint } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, sampleEvent } from './fixtures.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');

describe('the audit tables, as the application role', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const acme = await createOrganization(database.db, 'acme');
    for (let index = 0; index < 3; index++) {
      await database.db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(acme, index, clock.now())));
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));
    await createCheckpoint({ db: database.db, clock }, systemPrincipal('test'), signingKeyFrom(generateKeyPairSync('ed25519').privateKey));
  });
  afterAll(() => database.drop());

  it.each([
    ['audit_event', 'update audit_event set action = $$x.y$$'],
    ['audit_event', 'delete from audit_event'],
    ['audit_event', 'truncate audit_event'],
    ['audit_checkpoint', 'update audit_checkpoint set hash = repeat($$0$$, 64)'],
    ['audit_checkpoint', 'delete from audit_checkpoint'],
    ['audit_checkpoint', 'truncate audit_checkpoint'],
    ['audit_signing_key', 'update audit_signing_key set public_key_pem = $$x$$'],
    ['audit_signing_key', 'delete from audit_signing_key'],
    ['audit_signing_key', 'truncate audit_signing_key'],
  ])('refuses on %s: %s', async (_table, statement) => {
    await expect(sql.raw(statement).execute(database.db)).rejects.toThrow(/permission denied|not allowed/);
  });

  it('may not switch the triggers off', async () => {
    await expect(sql`alter table audit_event disable trigger user`.execute(database.db)).rejects.toThrow(/must be owner/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to the owner, even as a replica, while the triggers are on', async () => {
    for (const statement of ['update audit_event set action = $$x.y$$', 'delete from audit_event', 'truncate audit_event']) {
      await expect(
        database.owner.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await sql.raw(statement).execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
    }
  });

  it('may read and append', async () => {
    expect(await database.db.selectFrom('audit_event').select('seq').orderBy('seq').execute()).toEqual([
      { seq: '1' },
      { seq: '2' },
      { seq: '3' },
    ]);
    expect(await database.db.selectFrom('audit_checkpoint').select('seq').execute()).toEqual([{ seq: '3' }]);
  });
});
