// How the redline page groups a diff (portal/src/lib/redline-outline.ts):
// runs of unchanged sections folded, moved sections kept as changes, and an
// anchor for the text before the first heading that no heading has taken.
import type { SectionChange, SectionDiff } from '@governance/policies/diff';
import { describe, expect, it } from 'vitest';
import { redlineOutline, totalsSentence } from '../../portal/src/lib/redline-outline.ts';

const section = (sectionId: string, change: SectionChange): SectionDiff => ({
  sectionId,
  title: sectionId,
  previousTitle: null,
  level: sectionId === '' ? 0 : 2,
  change,
  hunks: [],
});

describe('redlineOutline', () => {
  it('folds each run of unchanged sections into one block and keeps moved sections as changes', () => {
    const { blocks, changed, sectionCount } = redlineOutline([
      section('', 'UNCHANGED'),
      section('a', 'UNCHANGED'),
      section('b', 'MODIFIED'),
      section('c', 'MOVED'),
      section('d', 'UNCHANGED'),
    ]);
    expect(blocks.map((block) => (block.kind === 'changed' ? block.entry.anchor : block.entries.map((entry) => entry.anchor)))).toEqual([
      ['opening-text', 'a'],
      'b',
      'c',
      ['d'],
    ]);
    expect(changed.map((entry) => entry.anchor)).toEqual(['b', 'c']);
    expect(sectionCount).toBe(5);
  });

  it('gives the opening text an anchor no heading uses', () => {
    const { changed } = redlineOutline([section('', 'MODIFIED'), section('opening-text', 'UNCHANGED')]);
    expect(changed[0]?.anchor).toBe('redline-opening-text');
  });
});

describe('totalsSentence', () => {
  it('names only the kinds of change that happened, with correct plurals', () => {
    const none = {
      sectionsAdded: 0,
      sectionsRemoved: 0,
      sectionsModified: 0,
      sectionsMoved: 0,
      sectionsUnchanged: 3,
      wordsInserted: 0,
      wordsDeleted: 0,
    };
    expect(totalsSentence({ ...none, sectionsModified: 5, wordsInserted: 67, wordsDeleted: 1 })).toBe(
      '5 sections changed; 67 words added and 1 word removed.',
    );
    expect(totalsSentence(none)).toBe('No section changed.');
  });
});
