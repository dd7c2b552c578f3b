// Replicas must sign with one key: a process using the key generated into its
// own DATA_DIR says so at start, and production refuses to start without
// AUDIT_SIGNING_KEY (N replicas with N data directories would publish N keys).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppServices } from '@governance/api/app-services';
import { ConfigError, loadConfig, MISSING_PRODUCTION_SIGNING_KEY } from '@governance/api/config';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { captureLog } from '../helpers/log.ts';

const GENERATED_KEY_LINE = 'replicas must share one key: set AUDIT_SIGNING_KEY';
const keyInBase64 = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('one audit signing key for every process', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'shared-signing-key-'));
  });
  afterAll(() => database.drop());

  async function startWithKey(value: string | undefined) {
    const log = captureLog('info');
    const running = await startAppServices({
      db: database.db,
      databaseUrl: database.url,
      clock: fixedClock('2026-12-01T10:00:00Z'),
      logger: log.logger,
      sessions: { idleMs: 60_000, absoluteMs: 3_600_000 },
      trustProxy: false,
      auditSigningKey: { value, file: path.join(dataDir, 'audit-signing-key.pem') },
      mail: { smtpUrl: undefined, from: 'Test <test@localhost>', directory: path.join(dataDir, 'mail') },
      publicUrl: 'http://portal.test',
    });
    await running.close();
    return log.lines().filter((line) => String(line.msg).includes(GENERATED_KEY_LINE));
  }

  it('says at start, below warning level, that replicas must share a key when the key is the generated file', async () => {
    const lines = await startWithKey(undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, file: path.join(dataDir, 'audit-signing-key.pem') });
  });

  it('says nothing of the kind when AUDIT_SIGNING_KEY is set', async () => {
    expect(await startWithKey(keyInBase64())).toEqual([]);
  });

  it('refuses a production configuration without AUDIT_SIGNING_KEY, saying what to set and how to make one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(MISSING_PRODUCTION_SIGNING_KEY);
    expect(MISSING_PRODUCTION_SIGNING_KEY).toContain('AUDIT_SIGNING_KEY is required in production');
    expect(MISSING_PRODUCTION_SIGNING_KEY).toContain('openssl genpkey -algorithm ed25519');
  });

  it('starts in production with AUDIT_SIGNING_KEY, and in development without it', () => {
    const key = keyInBase64();
    expect(loadConfig({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: key }).auditSigningKey.value).toBe(key);
    expect(loadConfig({ NODE_ENV: 'development' }).auditSigningKey.value).toBeUndefined();
  });
});
