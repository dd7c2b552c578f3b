// The privacy-request-packages retention rule: a package's contents go once
// its delivery is over, its hash and size stay, and no byte of it is left
// in the database or under DATA_DIR.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport } from '@governance/api/mail/transport';
import { loadPackageKey } from '@governance/api/privacy-packages/package-key';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { sweepOrganization } from '@governance/api/retention/sweep.service';
import { createLogger } from '@governance/api/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestApi, testApiOver } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { download, requesterPackage, sealOk, tablesContaining, verifiedRequest } from './fixtures.ts';

const DAY = 86_400_000;

async function filesContaining(directory: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    if (bytes.includes(needle) || bytes.includes(Buffer.from(needle).toString('base64').slice(0, 24))) found.push(file);
  }
  return found;
}

describe('the privacy-request-packages retention rule', () => {
  let database: TestDatabase;
  let api: TestApi;
  let dataDir: string;
  const clock = movableClock('2026-04-01T09:00:00.000Z');
  const sweep = () =>
    sweepOrganization(
      {
        db: database.db,
        clock,
        signingKey: null,
        auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR,
        mailDirectory: path.join(dataDir, 'mail'),
      },
      systemPrincipal('test'),
      'acme',
      { dryRun: false, startedBy: 'cli' },
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'packages-data-'));
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    // The package key as a deployment without PACKAGE_ENCRYPTION_KEY has it: generated under DATA_DIR.
    const packageKey = await loadPackageKey({ value: undefined, file: path.join(dataDir, 'package-encryption-key') });
    // Links outlive the retention period here, so only the erasure can make one stop delivering.
    api = testApiOver({ ...createTestServices(database, clock), packageKey, packageDelivery: { linkDays: 30, linkDownloads: 3 } });
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('erases the contents 14 days after delivery, keeps the hash, and leaves no byte of the canary in any table or file under DATA_DIR', async () => {
    const officer = await signIn(api, 'officer@acme.test');
    const canary = `canary-${randomUUID()}`;
    const request = await verifiedRequest(api, officer, 'acme');
    const sealed = await sealOk(api, officer, request.id, [
      { category: 'Canary', system: 'Test', fields: [{ name: 'Value', value: canary }] },
    ]);
    const link = (await requesterPackage(api, request.statusToken))?.download?.link ?? '';
    // Delivered: downloaded once, and every mail of the request written as files under DATA_DIR.
    expect((await download(api, request.statusToken, link))?.content).toContain(canary);
    const logger = createLogger('silent');
    await deliverDueMail(
      {
        db: database.db,
        clock,
        logger,
        transport: createMailTransport({ smtpUrl: undefined, from: 'test@acme.test', directory: path.join(dataDir, 'mail') }, logger),
      },
      systemPrincipal('test'),
    );
    expect((await readdir(path.join(dataDir, 'mail'))).length).toBeGreaterThan(0);

    // Not yet: 14 days from the first download.
    clock.advance(14 * DAY - 60_000);
    expect((await sweep()).outcomes.find((outcome) => outcome.category === 'privacy-request-packages')?.count).toBe(0);
    expect((await download(api, request.statusToken, link))?.content).toContain(canary);

    clock.advance(2 * 60_000);
    expect((await sweep()).outcomes.find((outcome) => outcome.category === 'privacy-request-packages')?.count).toBe(1);

    expect(await tablesContaining(database, canary)).toEqual([]);
    expect(await filesContaining(dataDir, canary)).toEqual([]);
    const kept = await database.db
      .selectFrom('privacy_request_package')
      .select(['sha256', 'size_bytes', 'ciphertext', 'erased_at'])
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ sha256: sealed.dataPackage?.sha256, size_bytes: sealed.dataPackage?.sizeBytes, ciphertext: null });
    expect(kept.erased_at).not.toBeNull();
    // Its link, still within its downloads, answers as any dead link does.
    expect(await download(api, request.statusToken, link)).toBeNull();
  });

  it('counts a package never downloaded from its link’s expiry (PACKAGE_LINK_DAYS)', async () => {
    const officer = await signIn(api, 'officer@acme.test');
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, [{ category: 'A', system: 'S', fields: [{ name: 'N', value: 'v' }] }]);
    clock.advance((30 + 14) * DAY - 60_000);
    await sweep();
    const before = await database.db
      .selectFrom('privacy_request_package')
      .select('erased_at')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(before.erased_at).toBeNull();
    clock.advance(2 * 60_000);
    await sweep();
    const after = await database.db
      .selectFrom('privacy_request_package')
      .select('erased_at')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(after.erased_at).not.toBeNull();
  });
});
