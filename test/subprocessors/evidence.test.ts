// The signed evidence of a subprocessor change: the notices and the
// confirmed objections with their outcomes, signed with the audit key. It
// verifies offline with the published key (pnpm cli evidence:verify) and
// fails after one changed byte.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evidenceSignatureValid, type SignedEvidence } from '@governance/api/subprocessors/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { syncWithSecondList } from './fixtures.ts';

const EXPORT = `mutation {
  exportSubprocessorChangeEvidence(organization: "leandna", version: "1.1") {
    __typename
    ... on MutationExportSubprocessorChangeEvidenceSuccess { data { json fileName } }
    ... on InputError { code field }
  }
}`;

type Exported = { exportSubprocessorChangeEvidence: { data?: { json: string; fileName: string }; code?: string } };

describe('evidence of a subprocessor change', () => {
  let database: TestDatabase;
  let api: TestApi;
  let officer: string;
  let json: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await syncWithSecondList(database);
    await createStaff(database, 'officer@leandna.test', { organization: 'leandna', role: 'PRIVACY_OFFICER' });
    await createStaff(database, 'auditor@leandna.test', { organization: 'leandna', role: 'AUDITOR' });
    api = createTestApi(database, '2026-12-20T12:00:00Z');
    officer = await signIn(api, 'officer@leandna.test');
    // Two objections: one confirmed and resolved, one never confirmed (which does not count).
    for (const email of ['counted@customer.example', 'unconfirmed@customer.example']) {
      await api.query('mutation ($input: ObjectToSubprocessorChangeInput!) { objectToSubprocessorChange(input: $input) { __typename } }', {
        input: { organization: 'leandna', version: '1.1', email, company: 'Evidence AG', reason: 'Data must stay in the EU.' },
      });
    }
    const mail = await database.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', 'counted@customer.example')
      .executeTakeFirstOrThrow();
    const token = /\?token=(spo_[\w-]+)/.exec(mail.body_text ?? '')?.[1];
    await api.query('mutation ($token: String!) { verifySubprocessorObjection(token: $token) { __typename } }', { token });
    const [objection] = await database.db.selectFrom('subprocessor_objection').select('id').where('verified_at', 'is not', null).execute();
    await api.query(
      'mutation ($input: ResolveSubprocessorObjectionInput!) { resolveSubprocessorObjection(input: $input) { __typename } }',
      { input: { organization: 'leandna', id: objection?.id, outcome: 'WITHDRAWN_CHANGE', note: 'We will not use Example Mail.' } },
      { cookie: officer },
    );
    const exported = await api.query<Exported>(EXPORT, {}, { cookie: officer });
    json = exported.data?.exportSubprocessorChangeEvidence.data?.json ?? '';
  });
  afterAll(() => database.drop());

  it('counts only confirmed objections, with their outcomes, and names no objector', () => {
    const { evidence } = JSON.parse(json) as SignedEvidence;
    expect(evidence).toMatchObject({
      type: 'governance-portal/subprocessor-change-evidence',
      organization: { slug: 'leandna', name: 'LeanDNA' },
      change: { kind: 'subprocessor-list', version: '1.1', effectiveAt: '2026-12-31T00:00:00.000Z' },
      objections: { confirmed: 1, open: 0, resolved: 1, items: [{ company: 'Evidence AG', outcome: 'WITHDRAWN_CHANGE' }] },
    });
    expect(evidence.salt).toMatch(/^[\w-]{22}$/);
    expect(json).not.toMatch(/counted@customer|unconfirmed@customer|stay in the EU|Example Mail\./);
  });

  it('verifies with the published key, and fails after one changed byte', async () => {
    const publicKey = api.services.signingKey.publicKeyPem;
    expect(evidenceSignatureValid(JSON.parse(json), publicKey)).toBe(true);
    const at = json.indexOf('Evidence AG') + 'Evidence A'.length;
    const forged = `${json.slice(0, at)}H${json.slice(at + 1)}`;
    expect(forged.length).toBe(json.length);
    expect(evidenceSignatureValid(JSON.parse(forged), publicKey)).toBe(false);

    const folder = await mkdtemp(path.join(tmpdir(), 'evidence-verify-'));
    await writeFile(path.join(folder, 'evidence.json'), json);
    await writeFile(path.join(folder, 'forged.json'), forged);
    await writeFile(path.join(folder, 'key.pem'), publicKey);
    const genuine = await runCli('cli', ['evidence:verify', path.join(folder, 'evidence.json'), '--keys', path.join(folder, 'key.pem')]);
    expect(genuine.code).toBe(0);
    expect(genuine.stdout).toContain('OK: evidence of subprocessor list 1.1 is signed by LeanDNA');
    expect(genuine.stdout).toContain('objections: 1 confirmed, 1 resolved');
    const altered = await runCli('cli', ['evidence:verify', path.join(folder, 'forged.json'), '--keys', path.join(folder, 'key.pem')]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toContain('NOT GENUINE');
  });

  it('audits each export; an auditor may export, a stranger to the organization may not', async () => {
    const events = await database.db
      .selectFrom('audit_event_pending')
      .select(['actor_label', 'metadata'])
      .where('action', '=', 'subprocessor_change.evidence_exported')
      .execute();
    expect(events).toEqual([
      { actor_label: 'officer@leandna.test', metadata: JSON.stringify({ notified: 0, objections: 1, version: '1.1' }) },
    ]);
    const auditor = await signIn(api, 'auditor@leandna.test');
    expect((await api.query<Exported>(EXPORT, {}, { cookie: auditor })).data?.exportSubprocessorChangeEvidence.data?.fileName).toBe(
      'leandna-subprocessors-1.1-evidence.json',
    );
    expect((await api.query(EXPORT)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
