// How a redline page lays out a diff: changed sections one by one, each run of
// unchanged sections folded into a single line, the count for the top of the
// page and the anchors the jump list links to. Kept free of Astro imports so
// it can be unit-tested with plain objects.
import type { DiffTotals, SectionDiff } from '@governance/policies/diff';

export interface OutlineEntry {
  section: SectionDiff;
  /** The id of its heading on the page. */
  anchor: string;
}

export type RedlineBlock = { kind: 'changed'; entry: OutlineEntry } | { kind: 'unchanged'; entries: OutlineEntry[] };

export interface RedlineOutline {
  blocks: RedlineBlock[];
  /** The changed sections, in page order, for the jump list. */
  changed: OutlineEntry[];
  /** Every section of either version, each counted once (a renamed one too). */
  sectionCount: number;
}

/** The text before the first heading has no id of its own; this one is free unless a heading took it. */
const OPENING_TEXT_ANCHORS = ['opening-text', 'redline-opening-text'];

export function redlineOutline(sections: readonly SectionDiff[]): RedlineOutline {
  const ids = new Set(sections.map((section) => section.sectionId));
  const openingAnchor = OPENING_TEXT_ANCHORS.find((anchor) => !ids.has(anchor)) ?? 'redline-opening-text-section';
  const blocks: RedlineBlock[] = [];
  for (const section of sections) {
    const entry = { section, anchor: section.sectionId || openingAnchor };
    const last = blocks.at(-1);
    // A moved section is a change of its own: readers look for where it went.
    if (section.change !== 'UNCHANGED') blocks.push({ kind: 'changed', entry });
    else if (last?.kind === 'unchanged') last.entries.push(entry);
    else blocks.push({ kind: 'unchanged', entries: [entry] });
  }
  return {
    blocks,
    changed: blocks.flatMap((block) => (block.kind === 'changed' ? [block.entry] : [])),
    sectionCount: sections.length,
  };
}

/** "1 section", "11 sections". */
export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The title a reader sees for a section; the text before the first heading has none. */
export const sectionTitle = (section: SectionDiff) => section.title || 'Opening text';

/** "1 section added, 2 sections changed; 13 words added and 7 words removed.": the kinds of section change that happened, then the words. */
export function totalsSentence(totals: DiffTotals): string {
  const sections = [
    [totals.sectionsAdded, 'added'],
    [totals.sectionsRemoved, 'removed'],
    [totals.sectionsModified, 'changed'],
    [totals.sectionsMoved, 'moved'],
  ] as const;
  const happened = sections.filter(([count]) => count > 0).map(([count, what]) => `${plural(count, 'section')} ${what}`);
  const words = `${plural(totals.wordsInserted, 'word')} added and ${plural(totals.wordsDeleted, 'word')} removed.`;
  return happened.length > 0 ? `${happened.join(', ')}; ${words}` : 'No section changed.';
}
