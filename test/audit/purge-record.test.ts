// The audit domain owns the record of a purge of its trail: its purge service
// writes the signed record and deletes the events, its verifier reads the
// record, both through purge-record.ts; no retention code is involved. The
// chain that remains verifies with the key that signed the record, and with
// no other.

import { generateKeyPairSync } from 'node:crypto';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import { type AuditPurgeContext, countPurgeDue, purgeBatch } from '@governance/api/audit/audit-purge.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { checkpointSignatureValid } from '@governance/api/audit/checkpoint';
import { PURGED_ACTION, purgeClaimOf } from '@governance/api/audit/purge-record';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { trustedKeysOf } from '@governance/api/audit/trusted-keys';
import { systemPrincipal } from '@governance/api/auth/principal';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization } from '../helpers/staff.ts';

const NOW = new Date('2026-07-15T00:00:00.000Z');
const clock = fixedClock(NOW);
const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
const otherKey = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

describe('the audit purge record', () => {
  let database: TestDatabase;
  let acme: string;
  let countedBefore: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    // Three events in January, two in February, one in July (the month of NOW).
    for (const at of ['2026-01-02', '2026-01-10', '2026-01-20', '2026-02-03', '2026-02-04', '2026-07-01']) {
      await database.db.transaction().execute((trx) =>
        recordAuditEvent(trx, {
          organizationId: acme,
          actor: { type: 'SYSTEM', id: null, label: 'system' },
          action: 'policy.version_published',
          occurredAt: new Date(`${at}T10:00:00Z`),
        }),
      );
    }
    await sealPending({ db: database.db, clock }, systemPrincipal('test'));

    const context: AuditPurgeContext = {
      db: database.db,
      clock,
      organizationId: acme,
      cutoff: new Date('2026-04-15T00:00:00Z'),
      now: NOW,
      period: 'P3M',
      signingKey: key,
    };
    countedBefore = await countPurgeDue(database.db, acme, context.cutoff);
    // As the retention sweep drives it: one batch per transaction, then the work after commit.
    for (let batch = 0; batch < 10; batch++) {
      const result = await database.db.transaction().execute((trx) => purgeBatch(trx, context, 2));
      await result.afterCommit?.();
      if (!result.more) break;
    }
  });
  afterAll(() => database.drop());

  it('is written, signed like a checkpoint of the last event purged, by the audit purge service', async () => {
    expect(countedBefore).toBe(5);
    const records = await database.db
      .selectFrom('audit_event')
      .select(['seq', 'metadata'])
      .where('chain', '=', acme)
      .where('action', '=', PURGED_ACTION)
      .execute();
    expect(records).toHaveLength(1);
    const claim = purgeClaimOf(acme, records[0]?.metadata ?? '{}');
    expect(claim).toMatchObject({ chain: acme, seq: 5, publicKeyId: key.id });
    expect(claim && checkpointSignatureValid(claim, key.publicKey)).toBe(true);
    const remaining = await database.db.selectFrom('audit_event').select('seq').where('chain', '=', acme).orderBy('seq').execute();
    expect(remaining.map((row) => Number(row.seq))).toEqual([6, 7]);
  });

  it('lets the chain that remains verify with the key that signed it, and with no other', async () => {
    expect(await verifyChain({ db: database.db }, systemPrincipal('test'), acme, { keys: trustedKeysOf([key]) })).toMatchObject({
      ok: true,
      eventsChecked: 2,
    });
    const untrusted = await verifyChain({ db: database.db }, systemPrincipal('test'), acme, { keys: trustedKeysOf([otherKey]) });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.reason).toMatch(
      new RegExp(`the ${PURGED_ACTION.replace('.', '\\.')} record at seq 7 says events through seq 5 were purged`),
    );
  });
});
