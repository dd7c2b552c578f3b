// The section-organised word diff shared by the API and the portal's redlines,
// on the fixture policy whose versions add, remove, reword and move sections.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diffPolicyTexts, type SectionDiff } from '@governance/policies/diff';
import { renderPolicyMarkdown } from '@governance/policies/render';
import { readPolicyRepository } from '@governance/policies/repository';
import { splitSections } from '@governance/policies/sections';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/policies-versions');

let bodies: Map<string, string>;
beforeAll(async () => {
  const repository = await readPolicyRepository(FIXTURE);
  expect(repository.problems).toEqual([]);
  bodies = new Map(
    repository.versions.filter((version) => version.policy === 'terms').map((version) => [version.frontmatter.version, version.body]),
  );
});
const body = (version: string) => bodies.get(version) ?? '';

const textOf = (section: SectionDiff, side: 'old' | 'new') =>
  section.hunks
    .filter((hunk) => hunk.kind === 'EQUAL' || hunk.kind === (side === 'new' ? 'INSERT' : 'DELETE'))
    .map((hunk) => hunk.text)
    .join('');

describe('diffPolicyTexts', () => {
  it('classifies added, removed, reworded, moved and unchanged sections by id', () => {
    const { sections } = diffPolicyTexts(body('1.0'), body('1.1'));
    expect(sections.map((section) => [section.sectionId, section.change])).toEqual([
      ['', 'UNCHANGED'],
      ['contact-us', 'MOVED'],
      ['accounts', 'MODIFIED'],
      ['payment', 'MODIFIED'],
      ['liability', 'REMOVED'],
      ['termination', 'UNCHANGED'],
      ['data-export', 'ADDED'],
    ]);
  });

  it('keeps a reworded heading on its pinned id and reports the old heading', () => {
    const payment = diffPolicyTexts(body('1.0'), body('1.1')).sections.find((section) => section.sectionId === 'payment');
    expect(payment).toMatchObject({ title: 'Fees and payment', previousTitle: 'Payment', change: 'MODIFIED' });
    expect(payment?.hunks.every((hunk) => hunk.kind === 'EQUAL')).toBe(true);
  });

  it('diffs a modified section word by word', () => {
    const accounts = diffPolicyTexts(body('1.0'), body('1.1')).sections.find((section) => section.sectionId === 'accounts');
    expect(accounts?.hunks.filter((hunk) => hunk.kind !== 'EQUAL')).toEqual([{ kind: 'INSERT', text: 'and API keys ' }]);
    const termination = diffPolicyTexts(body('1.1'), body('2.0')).sections.find((section) => section.sectionId === 'termination');
    expect(termination?.hunks.filter((hunk) => hunk.kind !== 'EQUAL')).toEqual([
      { kind: 'DELETE', text: '30' },
      { kind: 'INSERT', text: '60' },
    ]);
  });

  it('gives hunks that rebuild both texts of every section exactly', () => {
    const from = new Map(splitSections(body('1.0')).map((section) => [section.id, section.text]));
    const to = new Map(splitSections(body('1.1')).map((section) => [section.id, section.text]));
    for (const section of diffPolicyTexts(body('1.0'), body('1.1')).sections) {
      expect(textOf(section, 'old'), section.sectionId).toBe(from.get(section.sectionId) ?? '');
      expect(textOf(section, 'new'), section.sectionId).toBe(to.get(section.sectionId) ?? '');
    }
  });

  it('puts the whole text of an added or removed section in one hunk', () => {
    const { sections } = diffPolicyTexts(body('1.0'), body('1.1'));
    expect(sections.find((section) => section.sectionId === 'liability')?.hunks).toEqual([
      { kind: 'DELETE', text: 'Acme is not liable for indirect damages.' },
    ]);
    expect(sections.find((section) => section.sectionId === 'data-export')?.hunks).toEqual([
      { kind: 'INSERT', text: 'You may export your data at any time before termination.' },
    ]);
  });

  it('counts sections and words in the totals', () => {
    expect(diffPolicyTexts(body('1.0'), body('1.1')).totals).toEqual({
      sectionsAdded: 1,
      sectionsRemoved: 1,
      sectionsModified: 2,
      sectionsMoved: 1,
      sectionsUnchanged: 2,
      wordsInserted: 3 + 10,
      wordsDeleted: 7,
    });
    expect(diffPolicyTexts(body('2.0'), body('2.0')).totals).toMatchObject({ sectionsUnchanged: 6, wordsInserted: 0, wordsDeleted: 0 });
  });

  it('marks only the section that jumped as moved, not those it jumped over', () => {
    const from = '## A\n\na\n\n## B\n\nb\n\n## C\n\nc\n\n## D\n\nd\n';
    const to = '## B\n\nb\n\n## C\n\nc\n\n## D\n\nd\n\n## A\n\na\n';
    expect(diffPolicyTexts(from, to).sections.map((section) => [section.sectionId, section.change])).toEqual([
      ['b', 'UNCHANGED'],
      ['c', 'UNCHANGED'],
      ['d', 'UNCHANGED'],
      ['a', 'MOVED'],
    ]);
  });
});

describe('diffPolicyTexts on an amendment of the shipped Terms of Service', () => {
  // test/fixtures/policies-redline: LeenOps' real 1.0 and a 1.1 that rewords a
  // clause, renames a heading without pinning its id, changes single words,
  // inserts a sentence and adds a paragraph.
  const REDLINE_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/policies-redline');
  const amendment = async () => {
    const repository = await readPolicyRepository(REDLINE_FIXTURE);
    expect(repository.problems).toEqual([]);
    const bodyOf = (version: string) => repository.versions.find((candidate) => candidate.frontmatter.version === version)?.body ?? '';
    return diffPolicyTexts(bodyOf('1.0'), bodyOf('1.1'));
  };

  it('finds 5 changed sections of 16, the renamed heading among them, and nothing removed or added', async () => {
    const { sections, totals } = await amendment();
    expect(sections).toHaveLength(16);
    expect(
      sections.filter((section) => section.change !== 'UNCHANGED').map((section) => [section.sectionId, section.previousTitle]),
    ).toEqual([
      ['2-accounts-and-workspace-access', null],
      ['8-fees-billing-and-refunds', '8. Fees and billing'],
      ['11-security', null],
      ['13-limitation-of-liability', null],
      ['14-changes-to-these-terms', null],
    ]);
    expect(totals).toMatchObject({ sectionsAdded: 0, sectionsRemoved: 0, sectionsModified: 5, sectionsUnchanged: 11 });
  });

  it('shows the reworded suspension clause as one removed phrase and one added phrase', async () => {
    const accounts = (await amendment()).sections.find((section) => section.sectionId === '2-accounts-and-workspace-access');
    expect(accounts?.hunks.filter((hunk) => hunk.kind !== 'EQUAL')).toEqual([
      { kind: 'DELETE', text: 'suspend or restrict access when activity creates security, legal, operational, or platform-abuse risk' },
      {
        kind: 'INSERT',
        text: 'suspend, restrict, or close access when it reasonably believes that an activity puts the security of the Service at risk, breaks the law, or abuses the platform',
      },
    ]);
  });

  it('gives hunks that rebuild both texts of every section exactly', async () => {
    const repository = await readPolicyRepository(REDLINE_FIXTURE);
    const [from, to] = ['1.0', '1.1'].map((version) =>
      splitSections(repository.versions.find((candidate) => candidate.frontmatter.version === version)?.body ?? ''),
    ) as [ReturnType<typeof splitSections>, ReturnType<typeof splitSections>];
    const renamedFrom = new Map([['8-fees-billing-and-refunds', '8-fees-and-billing']]);
    for (const section of (await amendment()).sections) {
      const oldId = renamedFrom.get(section.sectionId) ?? section.sectionId;
      expect(textOf(section, 'old'), section.sectionId).toBe(from.find((candidate) => candidate.id === oldId)?.text);
      expect(textOf(section, 'new'), section.sectionId).toBe(to.find((candidate) => candidate.id === section.sectionId)?.text);
    }
  });
});

describe('pinned section ids', () => {
  it('strips {#id} from the heading and uses it as the anchor, in the importer HTML too', async () => {
    const { html, sections } = await renderPolicyMarkdown('## Fees and payment {#payment}\n\nText.\n\n## Payment\n\nMore.\n');
    expect(sections).toEqual([
      { id: 'payment', title: 'Fees and payment', level: 2 },
      { id: 'payment-1', title: 'Payment', level: 2 },
    ]);
    expect(html).toContain('<h2 id="payment">Fees and payment</h2>');
    expect(html).not.toContain('{#');
  });

  it('leaves braces that are not a trailing pinned id alone', async () => {
    const { sections } = await renderPolicyMarkdown('## Use of {#braces} in text\n\n## Upper {#Not-A-Slug}\n');
    expect(sections.map((section) => section.title)).toEqual(['Use of {#braces} in text', 'Upper {#Not-A-Slug}']);
  });

  it('is the same logic the portal runs (the adapter imports it)', async () => {
    const adapter = await readFile(path.resolve(import.meta.dirname, '../../portal/src/markdown/section-ids.ts'), 'utf8');
    expect(adapter).toMatch(/from '@governance\/policies\/(render|section-ids)'/);
  });
});
