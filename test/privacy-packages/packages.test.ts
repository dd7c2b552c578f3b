// Access and portability requests answered with a sealed package, delivered
// through the status page only.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { receiptPayload } from '@governance/api/deletion-requests/receipt';
import { decryptPackage } from '@governance/api/privacy-packages/package-key';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, signIn } from '../helpers/staff.ts';
import { setSetting } from '../retention/fixtures.ts';
import { download, downloadRaw, packageAction, requesterPackage, seal, sealOk, tablesContaining, verifiedRequest } from './fixtures.ts';

const DAY = 86_400_000;
const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../portal/public/schemas/privacy-package-v1.json');

const ITEMS = [
  { category: 'Account', system: 'Accounts database', fields: [{ name: 'Email', value: 'me@example.com' }] },
  { category: 'Orders', system: 'Billing', fields: [{ name: 'Order 1', value: '2026-01-02, 3 leashes <b>& a bowl</b>' }] },
  { category: 'Account', system: 'Accounts database', fields: [{ name: 'Name', value: 'Me' }] },
];

describe('privacy request packages', () => {
  let database: TestDatabase;
  let api: TestApi;
  const clock = movableClock('2026-03-02T09:00:00.000Z');
  let officer: string;
  let viewer: string;
  let outsider: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const acme = await createOrganization(database.db, 'acme');
    await createOrganization(database.db, 'globex');
    await database.db
      .updateTable('organization')
      .set({ contacts: JSON.stringify([{ purpose: 'Privacy requests and complaints', email: 'privacy@acme.test' }]) })
      .where('id', '=', acme)
      .execute();
    await setSetting(database.db, acme, 'deletion-request-personal-data', 'P24M');
    api = createTestApi(database, clock);
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
    await createStaff(database, 'admin@globex.test', { organization: 'globex', role: 'ADMIN' });
    officer = await signIn(api, 'officer@acme.test');
    viewer = await signIn(api, 'viewer@acme.test');
    outsider = await signIn(api, 'admin@globex.test');
  });
  afterAll(() => database.drop());

  it('seals one JSON document grouped by category and system, valid against the published schema, hashed over its canonical form', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    const sealed = await sealOk(api, officer, request.id, ITEMS);
    const view = await requesterPackage(api, request.statusToken);
    expect(view?.download).not.toBeNull();
    const file = await download(api, request.statusToken, view?.download?.link ?? '');
    const bytes = Buffer.from(file?.content ?? '', 'utf8');
    const document = JSON.parse(bytes.toString('utf8'));

    // The hash recorded at sealing is the SHA-256 of exactly the canonical bytes delivered.
    expect(receiptPayload(document).toString('utf8')).toBe(bytes.toString('utf8'));
    expect(sealed.dataPackage?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(sealed.dataPackage?.sizeBytes).toBe(bytes.length);
    expect(view?.sha256).toBe(sealed.dataPackage?.sha256);

    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
    expect(validate(document) ? [] : validate.errors).toEqual([]);

    expect(document.data).toEqual([
      {
        category: 'Account',
        systems: [
          {
            system: 'Accounts database',
            fields: [
              { name: 'Email', value: 'me@example.com' },
              { name: 'Name', value: 'Me' },
            ],
          },
        ],
      },
      {
        category: 'Orders',
        systems: [{ system: 'Billing', fields: [{ name: 'Order 1', value: '2026-01-02, 3 leashes <b>& a bowl</b>' }] }],
      },
    ]);
    // Generated facts, pinned to the sealing instant.
    expect(document.sealedAt).toBe('2026-03-02T09:00:00.000Z');
    expect(document.retention.at).toBe(document.sealedAt);
    expect(document.retention.schedule.map((entry: { category: string }) => entry.category)).toEqual(['deletion-request-personal-data']);
    expect(document.privacyPolicy).toBeNull();
    expect(document.recipients).toBeNull();
    expect(document.rights.complaintRoute.contacts).toEqual([{ purpose: 'Privacy requests and complaints', email: 'privacy@acme.test' }]);
    expect(document.rights.statements.join(' ')).toContain('Art. 77');
  });

  it('says plainly that no complaint contact was published when the organization names none', async () => {
    const request = await verifiedRequest(api, outsider, 'globex');
    await sealOk(api, outsider, request.id, ITEMS);
    const view = await requesterPackage(api, request.statusToken);
    const document = JSON.parse((await download(api, request.statusToken, view?.download?.link ?? ''))?.content ?? '{}');
    expect(document.rights.complaintRoute).toEqual({
      contacts: [],
      statement: 'GLOBEX has not published a contact for questions or complaints about privacy requests.',
    });
  });

  it('renders the package as an escaped HTML page without scripts or inline styles', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, [
      {
        category: 'Notes',
        system: 'Support desk',
        fields: [{ name: '<script>alert(1)</script>', value: '<img src=x onerror=alert(1)> "quoted"' }],
      },
    ]);
    const view = await requesterPackage(api, request.statusToken);
    const page = await download(api, request.statusToken, view?.download?.link ?? '', 'HTML');
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page?.content).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
    expect(page?.content).not.toMatch(/<script|<style|style=|<img/i);
    expect(page?.content).toContain('<h2>Your personal data</h2>');
  });

  it('refuses bad items as BAD_USER_INPUT naming the path: NUL bytes, over-long values, missing fields, too many items', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    const cases: [unknown, string][] = [
      [[{ category: 'A', system: 'S', fields: [{ name: 'N', value: 'a\u0000b' }] }], 'items[0].fields[0].value'],
      [[{ category: 'A', system: 'S', fields: [{ name: 'N', value: 'x'.repeat(20_001) }] }], 'items[0].fields[0].value'],
      [[{ category: 'A', system: 'S', fields: [] }], 'items[0].fields'],
      [[{ category: '   ', system: 'S', fields: [{ name: 'N', value: 'v' }] }], 'items[0].category'],
      [Array.from({ length: 201 }, () => ({ category: 'A', system: 'S', fields: [{ name: 'N', value: 'v' }] })), 'items'],
      [[{ category: 'A', system: 'S', fields: [{ name: 'n'.repeat(201), value: 'v' }] }], 'items[0].fields[0].name'],
    ];
    for (const [items, field] of cases) {
      const outcome = await seal(api, officer, request.id, items);
      expect(outcome, field).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(outcome.field).toBe(field);
    }
    // Nothing was sealed by the refusals.
    expect(await requesterPackage(api, request.statusToken)).toBeNull();
  });

  it('seals a package once: a second seal is refused and the database refuses any change of the sealed facts', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, ITEMS);
    expect(await seal(api, officer, request.id, ITEMS)).toMatchObject({ code: 'PACKAGE_ALREADY_SEALED', field: 'id' });
    const row = await database.db
      .selectFrom('privacy_request_package')
      .select('id')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    await expect(
      database.owner
        .updateTable('privacy_request_package')
        .set({ sha256: '0'.repeat(64) })
        .where('id', '=', row.id)
        .execute(),
    ).rejects.toThrow(/sealed/);
    await expect(sql`update privacy_request_package set ciphertext = '\\x00' where id = ${row.id}`.execute(database.owner)).rejects.toThrow(
      /sealed/,
    );
    await expect(database.owner.deleteFrom('privacy_request_package').where('id', '=', row.id).execute()).rejects.toThrow(/sealed/);
  });

  it('lets only staff who may change the request seal, revoke and re-issue', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    expect((await seal(api, viewer, request.id, ITEMS)).code).toBe('FORBIDDEN');
    expect((await seal(api, outsider, request.id, ITEMS)).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(await requesterPackage(api, request.statusToken)).toBeNull();
  });

  it('stores the package encrypted: its plaintext appears in no table', async () => {
    const canary = `canary-${randomUUID()}`;
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, [{ category: 'Canary', system: 'Test', fields: [{ name: 'Value', value: canary }] }]);
    expect(await tablesContaining(database, canary)).toEqual([]);
    const row = await database.db
      .selectFrom('privacy_request_package')
      .select(['id', 'ciphertext'])
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    // The key of this deployment opens it; the row alone does not.
    expect(decryptPackage(api.services.packageKey, row.id, row.ciphertext as Buffer).toString('utf8')).toContain(canary);
    expect(() => decryptPackage(api.services.packageKey, randomUUID(), row.ciphertext as Buffer)).toThrow();
  });

  it('mails that the data is ready, never the data, and records each download on the public timeline and in the audit trail', async () => {
    const canary = `canary-${randomUUID()}`;
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, [{ category: 'Canary', system: 'Test', fields: [{ name: 'Value', value: canary }] }]);
    const [ready] = await outboxMail(api, request.email, 'PACKAGE_READY');
    expect(ready?.subject).toBe(`Your data from ACME is ready (${request.reference})`);
    expect(ready?.body_text).toContain('Download your data');
    expect(ready?.body_text).toContain('2026-03-09');
    expect(JSON.stringify(ready)).not.toContain(canary);
    expect(ready?.attachments ?? []).toEqual([]);

    const link = (await requesterPackage(api, request.statusToken))?.download?.link ?? '';
    await download(api, request.statusToken, link, 'HTML');
    await download(api, request.statusToken, link, 'JSON');
    const events = await database.db
      .selectFrom('deletion_request_event')
      .select(['kind', 'public'])
      .where('request_id', '=', request.id)
      .where('kind', 'in', ['PACKAGE_SEALED', 'PACKAGE_RELEASED', 'PACKAGE_DOWNLOADED'])
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { kind: 'PACKAGE_SEALED', public: false },
      { kind: 'PACKAGE_RELEASED', public: true },
      { kind: 'PACKAGE_DOWNLOADED', public: true },
      { kind: 'PACKAGE_DOWNLOADED', public: true },
    ]);
    const audits = await database.db
      .selectFrom('audit_event_pending')
      .select(['action', 'actor_type', 'metadata'])
      .where('target_id', '=', request.id)
      .where('action', 'like', 'privacy_package.%')
      .orderBy('id')
      .execute();
    expect(audits.map((event) => [event.action, event.actor_type])).toEqual([
      ['privacy_package.sealed', 'USER'],
      ['privacy_package.link_issued', 'USER'],
      ['privacy_package.downloaded', 'ANONYMOUS'],
      ['privacy_package.downloaded', 'ANONYMOUS'],
    ]);
    expect(JSON.stringify(audits)).not.toContain(canary);
    expect((await requesterPackage(api, request.statusToken))?.download?.downloadsLeft).toBe(1);
  });

  it('answers an expired, exhausted, revoked, unknown or malformed link exactly as an invalid one', async () => {
    const invalid = await verifiedRequest(api, officer, 'acme');
    const reference = await downloadRaw(api, invalid.statusToken, 'not-a-link');
    expect(reference.status).toBe(200);
    expect(JSON.parse(reference.body)).toEqual({ data: { downloadPrivacyPackage: null } });
    const same = async (token: string, link: string, what: string) => expect(await downloadRaw(api, token, link), what).toEqual(reference);

    const exhausted = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, exhausted.id, ITEMS);
    const exhaustedLink = (await requesterPackage(api, exhausted.statusToken))?.download?.link ?? '';
    for (let i = 0; i < 3; i++) expect(await download(api, exhausted.statusToken, exhaustedLink)).not.toBeNull();
    await same(exhausted.statusToken, exhaustedLink, 'exhausted');

    const revoked = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, revoked.id, ITEMS);
    const revokedLink = (await requesterPackage(api, revoked.statusToken))?.download?.link ?? '';
    expect((await packageAction(api, officer, 'revokePrivacyPackageLink', revoked.id)).data?.dataPackage?.link).toBeNull();
    await same(revoked.statusToken, revokedLink, 'revoked');
    expect((await requesterPackage(api, revoked.statusToken))?.download).toBeNull();

    await same(revoked.statusToken, randomUUID(), 'unknown');
    // A live link of another request, through this request's status link.
    const other = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, other.id, ITEMS);
    const otherLink = (await requesterPackage(api, other.statusToken))?.download?.link ?? '';
    await same(revoked.statusToken, otherLink, "another request's link");
    await same('drs_not-a-status-token', otherLink, 'a bad status token');

    clock.advance(7 * DAY);
    await same(other.statusToken, otherLink, 'expired');
    expect((await requesterPackage(api, other.statusToken))?.download).toBeNull();

    // Re-issued, the package downloads again with a new link; the old one stays dead.
    officer = await signIn(api, 'officer@acme.test');
    const reissued = await packageAction(api, officer, 'reissuePrivacyPackageLink', revoked.id);
    expect(reissued.data?.dataPackage?.link).toMatchObject({ state: 'LIVE', downloads: 0, maxDownloads: 3 });
    const fresh = (await requesterPackage(api, revoked.statusToken))?.download?.link ?? '';
    expect(fresh).not.toBe(revokedLink);
    expect(await download(api, revoked.statusToken, fresh)).not.toBeNull();
    await same(revoked.statusToken, revokedLink, 'revoked, after a re-issue');
  });

  it('counts downloads atomically: of ten at once through a link of three, exactly three deliver', async () => {
    officer = await signIn(api, 'officer@acme.test');
    const request = await verifiedRequest(api, officer, 'acme');
    await sealOk(api, officer, request.id, ITEMS);
    const link = (await requesterPackage(api, request.statusToken))?.download?.link ?? '';
    const answers = await Promise.all(Array.from({ length: 10 }, () => download(api, request.statusToken, link)));
    expect(answers.filter((answer) => answer !== null)).toHaveLength(3);
    const row = await database.db
      .selectFrom('privacy_request_package_link')
      .select('downloads')
      .where('id', '=', link)
      .executeTakeFirstOrThrow();
    expect(row.downloads).toBe(3);
    const downloads = await database.db
      .selectFrom('deletion_request_event')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('request_id', '=', request.id)
      .where('kind', '=', 'PACKAGE_DOWNLOADED')
      .executeTakeFirstOrThrow();
    expect(Number(downloads.count)).toBe(3);
  });

  it('holds the package until staff record proof of identity when the organization requires it', async () => {
    officer = await signIn(api, 'officer@acme.test');
    await database.db.updateTable('organization').set({ package_identity_proof_required: true }).where('slug', '=', 'acme').execute();
    try {
      const request = await verifiedRequest(api, officer, 'acme');
      const sealed = await sealOk(api, officer, request.id, ITEMS);
      expect(sealed.dataPackage).toMatchObject({ identityProofRequired: true, identityProvedAt: null, link: null });
      expect((await requesterPackage(api, request.statusToken))?.download).toBeNull();
      expect(await outboxMail(api, request.email, 'PACKAGE_READY')).toEqual([]);
      expect(await packageAction(api, officer, 'reissuePrivacyPackageLink', request.id)).toMatchObject({
        code: 'IDENTITY_PROOF_REQUIRED',
        field: 'identityProof',
      });
      expect(
        await packageAction(api, officer, 'recordPrivacyPackageIdentityProof', request.id, 'method: $method', { method: ' ' }),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'method',
      });

      const proved = await packageAction(api, officer, 'recordPrivacyPackageIdentityProof', request.id, 'method: $method', {
        method: 'Signed declaration and two matching order numbers',
      });
      expect(proved.data?.dataPackage).toMatchObject({
        identityProofMethod: 'Signed declaration and two matching order numbers',
        link: { state: 'LIVE' },
      });
      expect((await requesterPackage(api, request.statusToken))?.download?.downloadsLeft).toBe(3);
      expect(await outboxMail(api, request.email, 'PACKAGE_READY')).toHaveLength(1);
      expect(
        await packageAction(api, officer, 'recordPrivacyPackageIdentityProof', request.id, 'method: $method', { method: 'again' }),
      ).toMatchObject({ code: 'IDENTITY_ALREADY_PROVED' });
    } finally {
      await database.db.updateTable('organization').set({ package_identity_proof_required: false }).where('slug', '=', 'acme').execute();
    }
  });

  it('answers only a request for a copy of the data (ACCESS or PORTABILITY) with a package, refusing others naming kinds', async () => {
    const deletion = await verifiedRequest(api, officer, 'acme', ['DELETION', 'CORRECTION']);
    expect(await seal(api, officer, deletion.id, ITEMS)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kinds' });
    const portability = await verifiedRequest(api, officer, 'acme', ['DELETION', 'PORTABILITY']);
    expect((await sealOk(api, officer, portability.id, ITEMS)).dataPackage?.link?.state).toBe('LIVE');
  });

  it('refuses to seal a package for a request that is not confirmed or already closed', async () => {
    const request = await verifiedRequest(api, officer, 'acme');
    await database.owner.updateTable('deletion_request').set({ status: 'COMPLETED' }).where('id', '=', request.id).execute();
    expect(await seal(api, officer, request.id, ITEMS)).toMatchObject({ code: 'INVALID_TRANSITION', field: 'id' });
  });
});
