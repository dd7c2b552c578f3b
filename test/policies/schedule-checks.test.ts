// policies:check rules about dates and continuity: a material change needs its
// organization's notice period, and a section id that disappears is a warning.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPolicies } from '@governance/policies/check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { emptyPolicies, writeOrganization, writeVersion } from '../helpers/policy-files.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/policies-versions');

async function copyOfFixture(): Promise<string> {
  const root = path.join(await mkdtemp(path.join(tmpdir(), 'policies-')), 'policies');
  await cp(FIXTURE, root, { recursive: true });
  return root;
}

describe('notice period of material changes', () => {
  it('refuses a material version published fewer days than the notice period before it takes effect', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme', 'name: Acme\nnoticePeriodDays: 30\n');
    await writeVersion(root, 'acme', 'terms', { version: '1.0', effective: '2026-01-01' });
    const file = await writeVersion(root, 'acme', 'terms', {
      version: '1.1',
      published: '2026-11-01',
      effective: '2026-11-30',
      material: true,
    });
    const { problems } = await checkPolicies(root);
    expect(problems).toContainEqual({
      file,
      field: 'effective',
      message:
        "a material change published 2026-11-01 cannot take effect 2026-11-30: that is 29 days' notice, and acme/organization.yaml requires 30 (noticePeriodDays); take effect on 2026-12-01 or later, or publish earlier",
    });

    const result = await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.relative(process.cwd(), file)}: effective: a material change published 2026-11-01`);
  });

  it('accepts exactly the notice period, and any gap for a change that is not material', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme', 'name: Acme\nnoticePeriodDays: 30\n');
    await writeVersion(root, 'acme', 'terms', { version: '1.0', published: '2026-11-01', effective: '2026-12-01', material: true });
    await writeVersion(root, 'acme', 'terms', { version: '1.1', published: '2026-12-02', effective: '2026-12-02', material: false });
    const { problems } = await checkPolicies(root);
    expect(problems.filter((problem) => problem.field === 'effective')).toEqual([]);
  });

  it('defaults the notice period to 30 days', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme', 'name: Acme\n');
    await writeVersion(root, 'acme', 'terms', { version: '1.0', published: '2026-11-02', effective: '2026-12-01', material: true });
    const { problems } = await checkPolicies(root);
    expect(problems).toContainEqual(expect.objectContaining({ field: 'effective', message: expect.stringContaining('requires 30') }));
  });
});

describe('section ids that disappear', () => {
  it('warns, naming the id and the versions, without failing the check', async () => {
    const root = await copyOfFixture();
    const { problems, warnings } = await checkPolicies(root);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      {
        file: path.join(root, 'acme/terms/1.1.md'),
        message:
          'section #liability ("Liability") of version 1.0 is gone in 1.1, so links to it stop working; if its heading was only reworded, pin the id: ## New heading {#liability}',
      },
    ]);

    const result = await runCli('policies-check', [], { POLICIES_DIR: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: .*acme\/terms\/1\.1\.md: section #liability/m);
    expect(result.stdout).toContain('2 organizations, 6 policy versions and 0 subprocessor list versions are valid.');
  });

  it('does not warn about a reworded heading whose id is pinned', async () => {
    const root = await emptyPolicies();
    await writeOrganization(root, 'acme');
    await writeVersion(root, 'acme', 'terms', { version: '1.0' }, '## Payment\n\nText.\n');
    await writeVersion(root, 'acme', 'terms', { version: '1.1', effective: '2026-02-01' }, '## Fees and payment {#payment}\n\nText.\n');
    expect((await checkPolicies(root)).warnings).toEqual([]);
    await writeVersion(root, 'acme', 'terms', { version: '1.2', effective: '2026-03-01' }, '## Fees\n\nText.\n');
    expect((await checkPolicies(root)).warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('#payment') })]);
  });
});
