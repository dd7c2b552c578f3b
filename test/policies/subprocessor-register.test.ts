import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPolicies } from '@governance/policies/check';
import { registerChanges } from '@governance/policies/subprocessors/changes';
import type { SubprocessorEntry } from '@governance/policies/subprocessors/schema';
import { describe, expect, it } from 'vitest';
import { copyOfPolicies, emptyPolicies, POLICIES_DIR, REPOSITORY_ROOT, writeOrganization, writeVersion } from '../helpers/policy-files.ts';

const SEEDS_DIR = path.join(REPOSITORY_ROOT, '../shared/seeds');

async function problemsOf(root: string) {
  const { problems } = await checkPolicies(root);
  return problems.map((problem) => ({ ...problem, file: path.relative(root, problem.file) }));
}

const AWS = `  - name: Example Cloud
    purpose: Hosting
    dataCategories: [Customer data]
    locations: [US]
    role: subprocessor
`;
const MAILER = `  - name: Example Mail
    purpose: Sending email
    role: subprocessor
`;

async function writeRegister(
  root: string,
  organization: string,
  version: string,
  dates: { announced: string; effective: string },
  entries: string,
) {
  const file = path.join(root, organization, 'subprocessors', `${version}.yaml`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `version: "${version}"\nannounced: ${dates.announced}\neffective: ${dates.effective}\nsummary: A change\nentries:${entries === '' ? ' []' : ''}\n${entries}`,
  );
  return file;
}

/** An organization with a first list, ready for a second version that changes it. */
async function organizationWithRegister(noticeDays?: number) {
  const root = await emptyPolicies();
  await writeOrganization(root, 'acme', `name: Acme\n${noticeDays === undefined ? '' : `subprocessorNoticeDays: ${noticeDays}\n`}`);
  await writeVersion(root, 'acme', 'terms', {});
  await writeRegister(root, 'acme', '1.0', { announced: '2026-01-01', effective: '2026-01-01' }, AWS);
  return root;
}

const noticeProblems = async (root: string) =>
  (await problemsOf(root)).filter((problem) => problem.message.includes('subprocessorNoticeDays'));

describe('the subprocessor register', () => {
  it('holds, for every shipped organization, only companies its source document names', async () => {
    const checked = await checkPolicies(POLICIES_DIR);
    const seeds = await readdir(SEEDS_DIR);
    const sourceOf = async (organization: string) => {
      const name = checked.organizations.find((candidate) => candidate.slug === organization)?.data.name ?? '';
      const texts = await Promise.all(
        seeds.filter((file) => file.endsWith('.txt')).map((file) => readFile(path.join(SEEDS_DIR, file), 'utf8')),
      );
      return texts.filter((text) => text.includes(name)).join('\n');
    };
    expect(checked.registers.map((register) => register.organization).sort()).toEqual(['leandna', 'leenops', 'openleash']);
    for (const register of checked.registers) {
      const source = await sourceOf(register.organization);
      for (const entry of register.data.entries) {
        if (entry.name !== undefined) expect(source, `${register.organization}: ${entry.name}`).toContain(entry.name);
      }
    }
    const named = checked.registers.flatMap((register) =>
      register.data.entries.flatMap((entry) => (entry.name ? [`${register.organization}: ${entry.name}`] : [])),
    );
    expect(named.sort()).toEqual(['leandna: AWS Bedrock', 'leandna: Amazon Web Services']);
  });

  it('lists bring-your-own-key providers as chosen by the customer, apart from the organization’s own subprocessors', async () => {
    const { registers } = await checkPolicies(POLICIES_DIR);
    const leenops = registers.find((register) => register.organization === 'leenops');
    expect(leenops?.data.entries.map((entry) => [entry.category, entry.role, entry.ai?.chosenByCustomer])).toEqual([
      ['AI model providers', 'subprocessor', false],
      ['AI model providers you connect with your own API key', 'recipient', true],
    ]);
  });

  it('records that the model developer behind AWS Bedrock receives no customer data and never trains on it', async () => {
    const { registers } = await checkPolicies(POLICIES_DIR);
    const bedrock = registers.flatMap((register) => register.data.entries).find((entry) => entry.name === 'AWS Bedrock');
    expect(bedrock?.ai).toMatchObject({ modelDeveloperReceivesData: 'no', trainsOnCustomerData: 'never', chosenByCustomer: false });
  });

  it('refuses an addition announced 29 days before it takes effect, naming both dates and the earliest allowed date', async () => {
    const root = await organizationWithRegister();
    await writeRegister(root, 'acme', '1.1', { announced: '2026-03-01', effective: '2026-03-30' }, AWS + MAILER);
    expect(await noticeProblems(root)).toEqual([
      {
        file: 'acme/subprocessors/1.1.yaml',
        field: 'effective',
        message:
          "adding Example Mail announced 2026-03-01 cannot take effect 2026-03-30: that is 29 days' notice, and acme/organization.yaml requires 30 (subprocessorNoticeDays); take effect on 2026-03-31 or later, or announce earlier",
      },
    ]);
  });

  it('accepts an addition announced exactly 30 days before it takes effect', async () => {
    const root = await organizationWithRegister();
    await writeRegister(root, 'acme', '1.1', { announced: '2026-03-01', effective: '2026-03-31' }, AWS + MAILER);
    expect(await noticeProblems(root)).toEqual([]);
  });

  it('holds a changed entry to the same notice as an addition, and follows the organization’s own notice period', async () => {
    const root = await organizationWithRegister(60);
    await writeRegister(root, 'acme', '1.1', { announced: '2026-03-01', effective: '2026-04-15' }, AWS.replace('[US]', '[US, DE]'));
    expect(await noticeProblems(root)).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^changing Example Cloud announced 2026-03-01 .* requires 60 .* take effect on 2026-04-30 or later/),
      }),
    ]);
  });

  it('lets a removal take effect the day it is announced', async () => {
    const root = await organizationWithRegister();
    await writeRegister(root, 'acme', '1.1', { announced: '2026-03-01', effective: '2026-03-01' }, '');
    expect(await noticeProblems(root)).toEqual([]);
  });

  it('names the file, line and field of a wrong entry', async () => {
    const root = await organizationWithRegister();
    await writeRegister(
      root,
      'acme',
      '1.1',
      { announced: '2026-01-01', effective: '2026-03-01' },
      `${AWS}  - name: Both
    category: And a category
    purpose: Testing
    locations: [US, XX]
    role: processor
    colour: blue
`,
    );
    expect(await problemsOf(root)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'acme/subprocessors/1.1.yaml', line: 16, field: 'entries.1', message: 'unknown field colour' }),
        expect.objectContaining({ line: 14, field: 'entries.1.locations.1', message: 'is not an ISO 3166-1 country code' }),
        expect.objectContaining({ line: 15, field: 'entries.1.role', message: 'must be subprocessor, affiliate or recipient' }),
      ]),
    );
  });

  it('refuses an entry with both a name and a category', async () => {
    const root = await organizationWithRegister();
    await writeRegister(
      root,
      'acme',
      '1.1',
      { announced: '2026-01-01', effective: '2026-03-01' },
      `${AWS}    category: Hosting providers\n`,
    );
    expect(await problemsOf(root)).toContainEqual(
      expect.objectContaining({ field: 'entries.0.name', message: expect.stringContaining('give exactly one of name') }),
    );
  });

  it('catches a published list whose content changed after it was locked', async () => {
    const root = await copyOfPolicies();
    const file = path.join(root, 'leandna/subprocessors/1.0.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('All customer data', 'Some customer data'));
    expect((await problemsOf(root)).map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/^the text of published version leandna\/subprocessors@1\.0 changed/),
    );
  });

  it('treats the subprocessors folder as the register, never as a policy', async () => {
    const { versions } = await checkPolicies(POLICIES_DIR);
    expect(versions.map((version) => version.policy)).not.toContain('subprocessors');
  });
});

describe('changes between two versions of a register', () => {
  const cloud: SubprocessorEntry = {
    name: 'Example Cloud',
    purpose: 'Hosting',
    dataCategories: ['Customer data'],
    locations: ['US'],
    role: 'subprocessor',
  };
  const mail: SubprocessorEntry = { name: 'Example Mail', purpose: 'Email', role: 'subprocessor' };
  const support: SubprocessorEntry = { category: 'Support providers', purpose: 'Support', role: 'subprocessor' };

  it('names entries added, removed and modified, with the fields that changed', () => {
    const moved = { ...cloud, locations: ['US', 'DE'], purpose: 'Hosting and backups' };
    expect(registerChanges([cloud, mail], [moved, support])).toEqual([
      { kind: 'modified', key: 'Example Cloud', before: cloud, after: moved, fields: ['purpose', 'locations'] },
      { kind: 'added', key: 'category: Support providers', entry: support },
      { kind: 'removed', key: 'Example Mail', entry: mail },
    ]);
  });

  it('finds no change between equal lists written in another order', () => {
    expect(registerChanges([cloud, mail], [mail, { ...cloud }])).toEqual([]);
  });
});
