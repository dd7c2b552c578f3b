// AUDIT_RETIRED_PUBLIC_KEYS: the public keys of retired signing keys, as PEM
// text, a PEM file or a directory of them (by default
// DATA_DIR/audit-retired-keys/). Anything that is not an Ed25519 public key
// stops the start with a message naming where it came from.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configuredTrustedKeys, loadRetiredPublicKeys } from '@governance/api/audit/retired-keys';
import { signingKeyFrom } from '@governance/api/audit/signing-key';
import { loadConfig } from '@governance/api/config';
import { beforeAll, describe, expect, it } from 'vitest';

const newKey = () => signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

describe('the retired audit public keys', () => {
  const [a, b, c] = [newKey(), newKey(), newKey()];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'retired-keys-'));
  });

  it('default to DATA_DIR/audit-retired-keys/, where no directory means no retired keys', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.auditRetiredPublicKeys).toEqual({ value: undefined, directory: path.join(dataDir, 'audit-retired-keys') });
    expect(await loadRetiredPublicKeys(config.auditRetiredPublicKeys)).toEqual([]);
  });

  it('are read from every .pem file of the directory, in name order, several to a file', async () => {
    const directory = path.join(dataDir, 'audit-retired-keys');
    await mkdir(directory);
    await writeFile(path.join(directory, '2026-02.pem'), c.publicKeyPem);
    await writeFile(path.join(directory, '2026-01.pem'), `${a.publicKeyPem}\n${b.publicKeyPem}`);
    await writeFile(path.join(directory, 'README.txt'), 'not a key, and not read');
    const keys = await loadRetiredPublicKeys(loadConfig({ DATA_DIR: dataDir }).auditRetiredPublicKeys);
    expect(keys.map((key) => key.id)).toEqual([a.id, b.id, c.id]);
  });

  it('come from AUDIT_RETIRED_PUBLIC_KEYS as PEM text or the path of a file', async () => {
    const text = loadConfig({ DATA_DIR: dataDir, AUDIT_RETIRED_PUBLIC_KEYS: `${b.publicKeyPem}${c.publicKeyPem}` });
    expect((await loadRetiredPublicKeys(text.auditRetiredPublicKeys)).map((key) => key.id)).toEqual([b.id, c.id]);
    const pemFile = path.join(dataDir, 'a.pem');
    await writeFile(pemFile, a.publicKeyPem);
    const file = loadConfig({ DATA_DIR: dataDir, AUDIT_RETIRED_PUBLIC_KEYS: pemFile });
    expect((await loadRetiredPublicKeys(file.auditRetiredPublicKeys)).map((key) => key.id)).toEqual([a.id]);
  });

  it('are published after the current key, each once', async () => {
    const keys = await configuredTrustedKeys(b, { value: `${a.publicKeyPem}${b.publicKeyPem}`, directory: '/nonexistent' });
    expect([...keys.keys()]).toEqual([b.id, a.id]);
    expect(keys.get(a.id)).toBe(a.publicKeyPem);
  });

  it('refuse a private key, a key that is not Ed25519, a file without a key, and a path that does not exist', async () => {
    const privatePem = String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const rsaPublic = String(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const empty = path.join(dataDir, 'empty.pem');
    await writeFile(empty, 'nothing here');
    const cases: [string, RegExp][] = [
      [privatePem, /AUDIT_RETIRED_PUBLIC_KEYS holds a PRIVATE KEY; only public keys belong there/],
      [rsaPublic, /holds a rsa key; audit keys are Ed25519/],
      [empty, /empty\.pem holds no PEM public key/],
      [path.join(dataDir, 'missing.pem'), /cannot read .*missing\.pem/],
    ];
    for (const [value, message] of cases) {
      const rejection = loadRetiredPublicKeys({ value, directory: '/nonexistent' });
      await expect(rejection).rejects.toThrow(message);
      await expect(rejection).rejects.toMatchObject({ code: 'AUDIT_SIGNING_KEY_INVALID' });
    }
  });
});
