import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPolicies } from '@governance/policies/check';
import { describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { copyOfPolicies, emptyPolicies, writeOrganization, writeVersion } from '../helpers/policy-files.ts';

const TERMS = 'leenops/terms-of-service/1.0.md';

async function problemsOf(root: string) {
  const { problems } = await checkPolicies(root);
  return problems.map((problem) => ({ ...problem, file: path.relative(root, problem.file) }));
}

describe('policies:check', () => {
  it('accepts the repository as committed', async () => {
    const result = await runCli('policies-check');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('3 organizations, 4 policy versions and 3 subprocessor list versions are valid.');
    expect(result.code).toBe(0);
  });

  it('names the file, line and field of a missing frontmatter field, and exits non-zero (as its own process)', async () => {
    const root = await copyOfPolicies();
    const file = path.join(root, TERMS);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^summary: .*\n/m, ''));
    const result = await runCliProcess('policies-check', [], { POLICIES_DIR: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.relative(process.cwd(), file)}:2: summary: is required`);
  });

  it('reports a bad date on its line', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'terms', { effective: '2026-02-30' });
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({ file: 'acme/terms/1.0.md', line: 3, field: 'effective', message: 'is not a real calendar date' }),
    );
  });

  it('reports a date in the wrong format', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'terms', { effective: '13/06/2026' });
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({ field: 'effective', message: 'must be a date written YYYY-MM-DD' }),
    );
  });

  it('reports a policy folder named after one of the organization’s own pages, whose addresses it would take', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'changes', {});
    await writeVersion(root, 'acme', 'reviewers', {});
    expect(await problemsOf(root)).toEqual(
      expect.arrayContaining([
        {
          file: 'acme/changes',
          message: 'policy folder "changes" is the name of the organization\'s own page /acme/changes/: choose another',
        },
        {
          file: 'acme/reviewers',
          message: 'policy folder "reviewers" is the name of the organization\'s own page /acme/reviewers/: choose another',
        },
      ]),
    );
  });

  it('reports a duplicate version', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    const file = await writeVersion(root, 'acme', 'terms', { version: '1.0' });
    await writeFile(file.replace(/\.md$/, '.mdx'), await readFile(file, 'utf8'));
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({ file: 'acme/terms/1.0.mdx', message: expect.stringMatching(/^duplicate version 1\.0/) }),
    );
  });

  it('reports a version that does not match its file name', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    const file = await writeVersion(root, 'acme', 'terms', { version: '1.0' });
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: "1.0"', 'version: "1.1"'));
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({
        file: 'acme/terms/1.0.md',
        field: 'version',
        message: expect.stringContaining('does not match the file name'),
      }),
    );
  });

  it('reports an organization folder without organization.yaml', async () => {
    const root = await emptyPolicies();
    await writeVersion(root, 'ghost', 'terms', {});
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({ file: 'ghost', message: expect.stringContaining('unknown organization folder') }),
    );
  });

  it('reports an invalid organization.yaml field on its line', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme', 'name: Acme\nwebsite: not a url\n');
    expect(await problemsOf(root)).toContainEqual({
      file: 'acme/organization.yaml',
      line: 2,
      field: 'website',
      message: 'must be an absolute URL',
    });
  });

  it('reports unknown frontmatter fields and missing frontmatter', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'terms', { title: 'T' });
    const file = path.join(root, 'acme/terms/1.0.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: T', 'title: T\nauthor: someone'));
    await mkdir(path.join(root, 'acme/privacy'));
    await writeFile(path.join(root, 'acme/privacy/1.0.md'), 'No frontmatter here.\n');
    const problems = await problemsOf(root);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'acme/terms/1.0.md', line: 3, message: 'unknown field author' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'acme/privacy/1.0.md', line: 1, message: expect.stringContaining('missing frontmatter') }),
    );
  });

  it('reports a published version whose text changed since it was locked', async () => {
    const root = await copyOfPolicies();
    await appendFile(path.join(root, TERMS), '\nA sentence added after publication.\n');
    const result = await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/terms-of-service\/1\.0\.md: the text of published version leenops\/terms-of-service@1\.0 changed/);
  });

  it('reports a published version whose file was removed', async () => {
    const root = await copyOfPolicies();
    await rm(path.join(root, TERMS));
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({
        file: 'policies.lock.json',
        message: expect.stringContaining('published version leenops/terms-of-service@1.0 has no file'),
      }),
    );
  });

  it('reports a new version that is not yet locked, and policies:lock records it without touching the others', async () => {
    const root = await copyOfPolicies();
    const lockBefore = JSON.parse(await readFile(path.join(root, 'policies.lock.json'), 'utf8'));
    await writeVersion(root, 'leenops', 'terms-of-service', {
      version: '1.1',
      title: 'Terms of Service',
      effective: '2026-12-01',
      summary: 'Clarified billing',
    });
    expect(await problemsOf(root)).toEqual([
      expect.objectContaining({
        file: 'leenops/terms-of-service/1.1.md',
        message: expect.stringContaining('is not recorded in policies.lock.json'),
      }),
    ]);

    // policies:lock as its own process.
    const locked = await runCliProcess('policies-lock', [], { POLICIES_DIR: root });
    expect(locked.code).toBe(0);
    expect(locked.stdout).toContain('leenops/terms-of-service@1.1');
    const lockAfter = JSON.parse(await readFile(path.join(root, 'policies.lock.json'), 'utf8'));
    expect(lockAfter.versions).toMatchObject(lockBefore.versions);
    expect(Object.keys(lockAfter.versions)).toHaveLength(Object.keys(lockBefore.versions).length + 1);
    expect(await problemsOf(root)).toEqual([]);
  });

  it('writes nothing', async () => {
    const root = await copyOfPolicies();
    await appendFile(path.join(root, TERMS), '\nChanged.\n');
    const lockBefore = await readFile(path.join(root, 'policies.lock.json'), 'utf8');
    await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(await readFile(path.join(root, 'policies.lock.json'), 'utf8')).toBe(lockBefore);
  });

  it('refuses unknown arguments with usage', async () => {
    const result = await runCli('policies-check', ['--fix']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown argument "--fix"');
  });
});
