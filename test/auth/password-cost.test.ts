// The product hashes staff passwords at OWASP's argon2id baseline; only the
// test harness hashes more cheaply, and nothing a deployment sets can lower it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPasswordHasher, OWASP_BASELINE_COST, TESTS_ONLY_COST } from '@governance/api/auth/passwords';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { REPOSITORY_ROOT } from '../helpers/policy-files.ts';

/** The parameters argon2 records at the head of every hash it makes. */
const OWASP_BASELINE_HASH = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the cost of a password hash', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("is OWASP's baseline by default: 19 MiB, 2 passes, 1 lane", async () => {
    const hasher = createPasswordHasher();
    expect(hasher.cost).toEqual({ memoryKiB: 19_456, passes: 2 });
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(OWASP_BASELINE_HASH);
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapler')).toBe(false);
    expect(await hasher.verify(null, 'correct horse battery staple')).toBe(false);
  });

  it('is the baseline for a user the user:create command makes, whatever the environment says', async () => {
    const result = await runCli('cli', ['user:create', '--site-admin', '--email', 'root@site.test', '--password-env', 'ROOT_PASSWORD'], {
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      ROOT_PASSWORD: 'another long password',
    });
    expect(result.code).toBe(0);
    const user = await database.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('email', '=', 'root@site.test')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(OWASP_BASELINE_HASH);
  });

  it("refuses any cost below the baseline but the tests' own, even one equal to it", () => {
    for (const weaker of [
      { memoryKiB: OWASP_BASELINE_COST.memoryKiB - 1, passes: 2 },
      { memoryKiB: OWASP_BASELINE_COST.memoryKiB, passes: 1 },
      { ...TESTS_ONLY_COST },
    ]) {
      expect(() => createPasswordHasher(weaker), JSON.stringify(weaker)).toThrow(/below OWASP's baseline/);
    }
    expect(createPasswordHasher({ memoryKiB: 65_536, passes: 3 }).cost.passes).toBe(3);
    expect(createPasswordHasher(TESTS_ONLY_COST).cost).toBe(TESTS_ONLY_COST);
  });

  it("is out of reach of the product's code: only the password module names the tests' cost", async () => {
    const apiSource = path.join(REPOSITORY_ROOT, 'api/src');
    const naming: string[] = [];
    for (const file of await sourceFiles(apiSource)) {
      if ((await readFile(file, 'utf8')).includes('TESTS_ONLY_COST')) naming.push(path.relative(apiSource, file));
    }
    expect(naming).toEqual(['auth/passwords.ts']);
  });
});
