// The signed evidence of a material policy version's notices: it counts the
// confirmed subscribers of policy changes that were told (not those who
// follow only the subprocessor list), with each delivery as the outbox
// recorded it, says that policy changes have no objection process, verifies
// offline and fails after one changed byte. Privacy staff and auditors may
// export it; every export is audited; bad input names its field.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SignedEvidence } from '@governance/api/subprocessors/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { acmeSeed, announceChanges, subscribe, subscriber, sync } from '../subscriptions/fixtures.ts';

const EXPORT = `mutation ($organization: String!, $document: String!, $version: String!) {
  exportPolicyChangeEvidence(organization: $organization, document: $document, version: $version) {
    __typename
    ... on MutationExportPolicyChangeEvidenceSuccess { data { json fileName } }
    ... on InputError { code field }
  }
}`;

type Exported = {
  exportPolicyChangeEvidence: { __typename: string; data?: { json: string; fileName: string }; code?: string; field?: string };
};

type Evidence = {
  type: string;
  change: Record<string, unknown>;
  notices: { notified: number; delivered: number; failed: number; pending: number; messages: { delivery: string; at: string | null }[] };
  objections: Record<string, unknown>;
};

const TERMS_1_1 = { organization: 'acme', document: 'terms', version: '1.1' };

describe('evidence of a policy change', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;
  const exportAs = (cookie: string | undefined, variables: Record<string, string> = TERMS_1_1) =>
    api.query<Exported>(EXPORT, variables, cookie ? { cookie } : {});
  const evidenceOf = (exported: { data?: Exported }) =>
    (JSON.parse(exported.data?.exportPolicyChangeEvidence.data?.json ?? '{}') as SignedEvidence).evidence as unknown as Evidence;

  beforeAll(async () => {
    database = await createTestDatabase();
    const root = await acmeSeed();
    await sync(database.db, root);
    const subscribers = createTestApi(database, '2026-11-20T10:00:00Z');
    for (const email of ['delivered@example.com', 'failed@example.com']) await subscriber(subscribers, database.owner, email, ['POLICIES']);
    await subscriber(subscribers, database.owner, 'both@example.com', ['POLICIES', 'SUBPROCESSORS']);
    await subscriber(subscribers, database.owner, 'lists-only@example.com', ['SUBPROCESSORS']);
    await subscribe(subscribers, 'never-confirmed@example.com', ['POLICIES']);
    await announceChanges(root);
    await sync(database.db, root);
    const notices = (email: string) =>
      database.owner.updateTable('mail_outbox').where('recipient', '=', email).where('kind', '=', 'CHANGE_NOTICE');
    await notices('delivered@example.com')
      .set({ delivered_at: new Date('2026-12-01T09:05:00Z') })
      .execute();
    await notices('failed@example.com')
      .set({ failed_at: new Date('2026-12-02T09:00:00Z') })
      .execute();
    for (const [email, role] of [
      ['officer@acme.test', 'PRIVACY_OFFICER'],
      ['auditor@acme.test', 'AUDITOR'],
      ['viewer@acme.test', 'VIEWER'],
    ] as const) {
      await createStaff(database, email, { organization: 'acme', role });
    }
    api = createTestApi(database, '2026-12-10T12:00:00Z');
    officer = await signIn(api, 'officer@acme.test');
  });
  afterAll(() => database.drop());

  it('counts exactly the confirmed policy subscribers notified, delivered and failed as the outbox says, and says policies have no objection process', async () => {
    const evidence = evidenceOf(await exportAs(officer));
    expect(evidence).toMatchObject({
      type: 'governance-portal/change-evidence',
      change: {
        kind: 'policy-version',
        document: 'terms',
        title: 'Terms of Service',
        version: '1.1',
        summary: 'Liability is capped at the fees of twelve months',
        announcedAt: '2026-12-01T00:00:00.000Z',
        effectiveAt: '2027-01-15T00:00:00.000Z',
      },
      objections: { process: 'none' },
    });
    expect(evidence.change.sha256).toMatch(/^[0-9a-f]{64}$/);
    // delivered@, failed@ and both@: not lists-only@ (subprocessor changes only), not never-confirmed@.
    expect({ ...evidence.notices, messages: undefined }).toEqual({ notified: 3, delivered: 1, failed: 1, pending: 1, messages: undefined });
    expect(evidence.notices.messages.map((message) => [message.delivery, message.at]).sort()).toEqual([
      ['DELIVERED', '2026-12-01T09:05:00.000Z'],
      ['FAILED', '2026-12-02T09:00:00.000Z'],
      ['PENDING', null],
    ]);
    expect(JSON.stringify(evidence)).not.toMatch(/@example\.com/);
  });

  it('verifies offline with the published key, and fails after one changed byte', async () => {
    const exported = await exportAs(officer);
    const json = exported.data?.exportPolicyChangeEvidence.data?.json ?? '';
    expect(exported.data?.exportPolicyChangeEvidence.data?.fileName).toBe('acme-terms-1.1-evidence.json');
    const at = json.indexOf('"notified": 3') + '"notified": '.length;
    const forged = `${json.slice(0, at)}4${json.slice(at + 1)}`;
    expect(forged.length).toBe(json.length);
    const folder = await mkdtemp(path.join(tmpdir(), 'policy-evidence-'));
    await writeFile(path.join(folder, 'evidence.json'), json);
    await writeFile(path.join(folder, 'forged.json'), forged);
    await writeFile(path.join(folder, 'key.pem'), api.services.signingKey.publicKeyPem);
    const verify = (file: string) => runCli('cli', ['evidence:verify', path.join(folder, file), '--keys', path.join(folder, 'key.pem')]);
    const genuine = await verify('evidence.json');
    expect(genuine.code).toBe(0);
    expect(genuine.stdout).toContain('OK: evidence of policy terms 1.1 (Terms of Service) is signed by Acme');
    expect(genuine.stdout).toContain('notified: 3 (delivered 1, failed 1)');
    expect(genuine.stdout).toContain('objections: none possible (policy changes have no objection process)');
    const altered = await verify('forged.json');
    expect(altered.code).toBe(1);
    expect(altered.stdout).toContain('NOT GENUINE');
  });

  it('lets privacy officers and auditors export, refuses a viewer and anyone signed out', async () => {
    const auditor = await signIn(api, 'auditor@acme.test');
    expect((await exportAs(auditor)).data?.exportPolicyChangeEvidence.__typename).toBe('MutationExportPolicyChangeEvidenceSuccess');
    const viewer = await signIn(api, 'viewer@acme.test');
    expect((await exportAs(viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await exportAs(undefined)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown organization (as forbidden), policy or version, a version that announced nothing, too long or NUL input, naming the field', async () => {
    // An InputError beside the field, or (a NUL character, refused at the API's edge) an error of the request.
    const refusal = async (variables: Record<string, string>) => {
      const response = await exportAs(officer, { ...TERMS_1_1, ...variables });
      const answer = response.data?.exportPolicyChangeEvidence ?? response.errors?.[0]?.extensions;
      return [answer?.code, answer?.field];
    };
    // An organization that does not exist is refused as one the user does not belong to, as on every staff field.
    expect(await refusal({ organization: 'nobody' })).toEqual(['FORBIDDEN', undefined]);
    expect(await refusal({ organization: 'x'.repeat(10_000) })).toEqual(['FORBIDDEN', undefined]);
    expect(await refusal({ document: 'cookies' })).toEqual(['BAD_USER_INPUT', 'document']);
    expect(await refusal({ document: 'x'.repeat(101) })).toEqual(['BAD_USER_INPUT', 'document']);
    expect(await refusal({ version: '9.9' })).toEqual(['BAD_USER_INPUT', 'version']);
    // The policy's first version announced nothing.
    expect(await refusal({ version: '1.0' })).toEqual(['BAD_USER_INPUT', 'version']);
    expect(await refusal({ version: '1'.repeat(41) })).toEqual(['BAD_USER_INPUT', 'version']);
    expect(await refusal({ version: '1.1\u0000' })).toEqual(['BAD_USER_INPUT', 'version']);
  });

  it('audits every export with who exported which version and how many were notified', async () => {
    const before = await database.db
      .selectFrom('audit_event_pending')
      .select('id')
      .where('action', '=', 'policy_change.evidence_exported')
      .execute();
    await exportAs(officer);
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select(['actor_label', 'metadata', 'target_type'])
      .where('action', '=', 'policy_change.evidence_exported')
      .where(
        'id',
        'not in',
        before.map((row) => row.id),
      )
      .execute();
    expect(events).toEqual([
      {
        actor_label: 'officer@acme.test',
        target_type: 'PolicyVersion',
        metadata: JSON.stringify({ notified: 3, policy: 'terms', version: '1.1' }),
      },
    ]);
  });

  it('lists the announced changes of both kinds with their notice counts, and only to those who may export them', async () => {
    const LIST = `query { announcedChanges(organization: "acme") { kind document title version announcedAt effectiveAt notified delivered failed } }`;
    const listed = await api.query<{ announcedChanges: unknown[] }>(LIST, {}, { cookie: officer });
    // Announced the same day: by title.
    expect(listed.data?.announcedChanges).toEqual([
      {
        kind: 'SUBPROCESSOR_LIST',
        document: null,
        title: 'Subprocessor list',
        version: '1.1',
        announcedAt: '2026-12-01T00:00:00.000Z',
        effectiveAt: '2027-01-01T00:00:00.000Z',
        notified: 2,
        delivered: 0,
        failed: 0,
      },
      {
        kind: 'POLICY_VERSION',
        document: 'terms',
        title: 'Terms of Service',
        version: '1.1',
        announcedAt: '2026-12-01T00:00:00.000Z',
        effectiveAt: '2027-01-15T00:00:00.000Z',
        notified: 3,
        delivered: 1,
        failed: 1,
      },
    ]);
    const viewer = await signIn(api, 'viewer@acme.test');
    expect((await api.query(LIST, {}, { cookie: viewer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
