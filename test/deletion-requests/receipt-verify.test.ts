// The documented offline check of a completion receipt: `pnpm cli
// receipt:verify <receipt.json> --keys <published key list>`.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { RECEIPT_TYPE, signReceipt } from '@governance/api/deletion-requests/receipt';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';

const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
const otherKey = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

const receipt = signReceipt(
  {
    type: RECEIPT_TYPE,
    version: 1,
    reference: 'DR-2026-7K3Q9',
    organization: { slug: 'acme', name: 'Acme' },
    jurisdiction: 'GDPR',
    receivedAt: '2026-01-10T09:00:00.000Z',
    completedAt: '2026-01-30T09:00:00.000Z',
    scope: { summary: 'Account erased', systems: ['crm'] },
    privacyPolicy: { slug: 'privacy-policy', title: 'Privacy Policy', version: '1.0', sha256: 'a'.repeat(64) },
    policiesInForce: [],
  },
  key,
);

describe('pnpm cli receipt:verify', () => {
  let folder: string;
  const file = (name: string) => path.join(folder, name);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'receipt-verify-'));
    await writeFile(file('receipt.json'), JSON.stringify(receipt, null, 2));
    await writeFile(
      file('forged.json'),
      JSON.stringify({ ...receipt, receipt: { ...receipt.receipt, completedAt: '2026-01-11T09:00:00.000Z' } }),
    );
    const published = (keys: (typeof key)[]) => ({
      publicKeys: keys.map((k) => ({ id: k.id, format: 'spki-pem', publicKey: k.publicKeyPem })),
    });
    await writeFile(file('acme.json'), JSON.stringify(published([otherKey, key])));
    await writeFile(file('stranger.json'), JSON.stringify(published([otherKey])));
    await writeFile(file('key.pem'), key.publicKeyPem);
    await writeFile(file('not-json.json'), 'hello');
  });

  it('accepts a genuine receipt with the published key list (as its own process) or the PEM key', async () => {
    const withList = await runCliProcess('cli', ['receipt:verify', file('receipt.json'), '--keys', file('acme.json')]);
    expect(withList.code).toBe(0);
    expect(withList.stdout).toContain('OK: receipt DR-2026-7K3Q9 is signed by Acme');
    expect(withList.stdout).toContain(`sha256 ${'a'.repeat(64)}`);
    expect((await runCli('cli', ['receipt:verify', file('receipt.json'), '--keys', file('key.pem')])).code).toBe(0);
  });

  it('rejects an altered receipt and one signed by a key the list does not hold', async () => {
    const forged = await runCli('cli', ['receipt:verify', file('forged.json'), '--keys', file('acme.json')]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('NOT GENUINE');
    const stranger = await runCli('cli', ['receipt:verify', file('receipt.json'), '--keys', file('stranger.json')]);
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toContain('does not hold');
  });

  it('says what is wrong with its arguments and files, without a stack trace', async () => {
    const missing = await runCli('cli', ['receipt:verify', file('receipt.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--keys is required');
    const notJson = await runCli('cli', ['receipt:verify', file('not-json.json'), '--keys', file('acme.json')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not JSON');
    const absent = await runCli('cli', ['receipt:verify', file('absent.json'), '--keys', file('acme.json')]);
    expect(absent.stderr).toContain('no such file');
    for (const result of [missing, notJson, absent]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
