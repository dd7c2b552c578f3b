// The one rule that tells a renamed section from a removed one plus an added
// one (policies/src/section-matching.ts), and the redline it gives.
import { diffPolicyTexts } from '@governance/policies/diff';
import { type PlacedSection, renamedSections, textSimilarity } from '@governance/policies/section-matching';
import { describe, expect, it } from 'vitest';

const placed = (title: string, text: string, after: string | null, level = 2): PlacedSection => ({
  section: { id: title.toLowerCase().replace(/\W+/g, '-'), title, level, text },
  after,
});
const pairs = (removed: PlacedSection[], added: PlacedSection[]) =>
  renamedSections(removed, added).map(({ from, to }) => [from.title, to.title]);

const BILLING = 'Pricing, billing periods and cancellation rights are described in the order form.';

describe('renamedSections', () => {
  it('pairs sections in the same place whose texts share at least half their words', () => {
    expect(
      pairs(
        [placed('Fees and billing', BILLING, '7-keys')],
        [placed('Fees, billing and refunds', `${BILLING} Refunds follow the law.`, '7-keys')],
      ),
    ).toEqual([['Fees and billing', 'Fees, billing and refunds']]);
  });

  it('does not pair a section in the same place whose text is mostly new', () => {
    expect(
      pairs([placed('Fees', BILLING, 'a')], [placed('Warranty', 'The Service is provided as is, without any warranty at all.', 'a')]),
    ).toEqual([]);
  });

  it('does not pair similar texts in different places, unless the text is the very same', () => {
    expect(pairs([placed('Fees', BILLING, 'a')], [placed('Billing', `${BILLING} Refunds follow the law.`, 'b')])).toEqual([]);
    expect(pairs([placed('Fees', BILLING, 'a')], [placed('Billing', BILLING, 'b')])).toEqual([['Fees', 'Billing']]);
  });

  it('does not pair sections of different heading levels', () => {
    expect(pairs([placed('Fees', BILLING, 'a', 2)], [placed('Billing', BILLING, 'a', 3)])).toEqual([]);
  });

  it('gives each added section the most similar removed one, each at most once', () => {
    const removed = [placed('Old one', 'alpha beta gamma delta', 'a'), placed('Old two', 'alpha beta gamma delta epsilon zeta', 'a')];
    const added = [placed('New two', 'alpha beta gamma delta epsilon zeta eta', 'a'), placed('New one', 'alpha beta gamma delta', 'a')];
    expect(pairs(removed, added)).toEqual([
      ['Old two', 'New two'],
      ['Old one', 'New one'],
    ]);
  });

  it('measures similarity as the share of words in common', () => {
    expect(textSimilarity('a b c d', 'a b c d')).toBe(1);
    expect(textSimilarity('a b c d', 'a b x y')).toBe(0.5);
    expect(textSimilarity('', '')).toBe(1);
    expect(textSimilarity('a b', '')).toBe(0);
  });
});

describe('a renamed section in the redline', () => {
  const before = `Intro.\n\n## 7. Keys\n\nKeep keys safe.\n\n## 8. Fees and billing\n\n${BILLING}\n\n## 9. Contact\n\nWrite to us.\n`;

  it('shows a heading reworded without a pinned id as one renamed section with its text diff', () => {
    const after = before.replace('## 8. Fees and billing', '## 8. Fees, billing and refunds').replace('order form', 'signed order form');
    const { sections, totals } = diffPolicyTexts(before, after);
    expect(sections.map((section) => [section.sectionId, section.change, section.previousTitle])).toEqual([
      ['', 'UNCHANGED', null],
      ['7-keys', 'UNCHANGED', null],
      ['8-fees-billing-and-refunds', 'MODIFIED', '8. Fees and billing'],
      ['9-contact', 'UNCHANGED', null],
    ]);
    expect(sections[2]?.hunks.filter((hunk) => hunk.kind !== 'EQUAL')).toEqual([{ kind: 'INSERT', text: 'signed ' }]);
    expect(totals).toMatchObject({ sectionsAdded: 0, sectionsRemoved: 0, sectionsModified: 1, wordsInserted: 1, wordsDeleted: 0 });
  });

  it('still shows a section replaced by an unrelated one as removed plus added', () => {
    const after = before.replace(
      `## 8. Fees and billing\n\n${BILLING}`,
      '## 8. Warranty\n\nThe Service is provided as is, without any warranty at all.',
    );
    expect(diffPolicyTexts(before, after).sections.map((section) => [section.sectionId, section.change])).toEqual([
      ['', 'UNCHANGED'],
      ['7-keys', 'UNCHANGED'],
      ['8-fees-and-billing', 'REMOVED'],
      ['8-warranty', 'ADDED'],
      ['9-contact', 'UNCHANGED'],
    ]);
  });
});
