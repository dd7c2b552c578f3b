// The error codes clients see are catalogued: every code the API sends is in
// api/src/shared/error-codes.ts, and the README's table is written from it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { withCatalogueTables } from '@governance/api/shared/catalogue-tables';
import { ERROR_CODES, isErrorCode } from '@governance/api/shared/error-codes';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every place api/src puts a code in front of a client: DomainError, extensions, the HTTP endpoints' JSON. */
const CODE_SITES = [
  /DomainError\(\s*'([A-Z_]+)'/g,
  /\bcode: '([A-Z_]+)'/g,
  /withCode\(\w+, '([A-Z_]+)'\)/g,
  /\bfail\(response, \d+, '([A-Z_]+)'/g,
  /\berror: '([A-Z_]+)'/g,
];

async function codesSentByTheApi(): Promise<Map<string, string>> {
  const directory = path.join(ROOT, 'api/src');
  const sent = new Map<string, string>();
  for (const file of (await readdir(directory, { recursive: true })).filter((name) => name.endsWith('.ts'))) {
    const source = await readFile(path.join(directory, file), 'utf8');
    for (const pattern of CODE_SITES) {
      for (const match of source.matchAll(pattern)) sent.set(match[1] as string, file);
    }
  }
  return sent;
}

describe('the error-code catalogue', () => {
  it('holds every code the API sends', async () => {
    const sent = await codesSentByTheApi();
    // The scan finds the codes of every kind of site, so an empty or partial scan cannot pass.
    for (const code of ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_ONLY', 'PAYLOAD_TOO_LARGE', 'VERSION_CONFLICT'])
      expect(sent.has(code), code).toBe(true);
    const missing = [...sent].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('says for each code what it means and what to do', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(entry.meaning.length, code).toBeGreaterThan(10);
      expect(entry.whatToDo.length, code).toBeGreaterThan(5);
    }
  });

  it('is documented in the README: the error-code and audit-action tables are current (pnpm readme:tables)', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    expect(withCatalogueTables(readme)).toBe(readme);
    for (const code of Object.keys(ERROR_CODES)) expect(readme).toContain(`| \`${code}\``);
  });
});
