// The JSON Schema the portal publishes for packages is generated from the
// schema the API seals them with, and the settings of their delivery parse
// with safe defaults.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '@governance/api/config';
import { packageJsonSchemaText } from '@governance/api/privacy-packages/package-document';
import { describe, expect, it } from 'vitest';

describe('the privacy package schema and settings', () => {
  it('publishes at /schemas/privacy-package-v1.json exactly the schema the API validates with (pnpm privacy-package:schema)', async () => {
    const committed = await readFile(path.resolve(import.meta.dirname, '../../portal/public/schemas/privacy-package-v1.json'), 'utf8');
    // Compared as JSON: the formatter lays the committed file out its own way.
    expect(JSON.parse(committed)).toEqual(JSON.parse(packageJsonSchemaText()));
  });

  it('gives links 7 days and 3 downloads unless PACKAGE_LINK_DAYS and PACKAGE_LINK_DOWNLOADS say otherwise, and refuses a malformed key', () => {
    expect(loadConfig({}).packageDelivery).toEqual({ linkDays: 7, linkDownloads: 3 });
    expect(loadConfig({ PACKAGE_LINK_DAYS: '30', PACKAGE_LINK_DOWNLOADS: '1' }).packageDelivery).toEqual({
      linkDays: 30,
      linkDownloads: 1,
    });
    expect(loadConfig({ DATA_DIR: '/srv/data' }).packageEncryptionKey).toEqual({
      value: undefined,
      file: '/srv/data/package-encryption-key',
    });
    expect(() => loadConfig({ PACKAGE_LINK_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ PACKAGE_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/PACKAGE_ENCRYPTION_KEY/);
  });
});
