// A word-level diff between two versions of a policy, organised by section.
// The API's `Policy.diff` and the portal's redline pages both call this, so a
// reviewer sees the same changes wherever they look. Sections are matched by
// id; word hunks come from jsdiff with whitespace kept, so the EQUAL and
// INSERT hunks of a section put together give its new text exactly, and the
// EQUAL and DELETE hunks its old text.
import { diffWordsWithSpace } from 'diff';
import { splitSections, type TextSection } from './sections.ts';

export type SectionChange = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'MOVED' | 'UNCHANGED';
export type HunkKind = 'EQUAL' | 'INSERT' | 'DELETE';

export interface DiffHunk {
  kind: HunkKind;
  text: string;
}

export interface SectionDiff {
  sectionId: string;
  /** The heading in the newer version (the older one's for a removed section). */
  title: string;
  /** The heading in the older version when it was reworded (the id was pinned), else null. */
  previousTitle: string | null;
  level: number;
  change: SectionChange;
  hunks: DiffHunk[];
}

export interface DiffTotals {
  sectionsAdded: number;
  sectionsRemoved: number;
  sectionsModified: number;
  sectionsMoved: number;
  sectionsUnchanged: number;
  wordsInserted: number;
  wordsDeleted: number;
}

export interface PolicyTextDiff {
  sections: SectionDiff[];
  totals: DiffTotals;
}

/** Compares two canonical bodies. Sections come in the newer text's order,
 * each removed one right after the section that preceded it in the older. */
export function diffPolicyTexts(fromBody: string, toBody: string): PolicyTextDiff {
  const from = splitSections(fromBody);
  const to = splitSections(toBody);
  const fromById = new Map(from.map((section) => [section.id, section]));
  const toIds = new Set(to.map((section) => section.id));
  const moved = movedIds(
    from.map((section) => section.id).filter((id) => toIds.has(id)),
    to.map((section) => section.id).filter((id) => fromById.has(id)),
  );

  const sections: SectionDiff[] = [];
  // Removed sections that come before any kept one go first.
  const removedAfter = new Map<string | null, TextSection[]>();
  let previousKept: string | null = null;
  for (const section of from) {
    if (toIds.has(section.id)) previousKept = section.id;
    else removedAfter.set(previousKept, [...(removedAfter.get(previousKept) ?? []), section]);
  }
  const pushRemoved = (after: string | null) => {
    for (const section of removedAfter.get(after) ?? []) sections.push(removedSection(section));
  };
  pushRemoved(null);
  for (const section of to) {
    const old = fromById.get(section.id);
    sections.push(old ? comparedSection(old, section, moved.has(section.id)) : addedSection(section));
    if (old) pushRemoved(section.id);
  }
  return { sections, totals: totalsOf(sections) };
}

function addedSection(section: TextSection): SectionDiff {
  return { ...identity(section), previousTitle: null, change: 'ADDED', hunks: nonEmpty([{ kind: 'INSERT', text: section.text }]) };
}

function removedSection(section: TextSection): SectionDiff {
  return { ...identity(section), previousTitle: null, change: 'REMOVED', hunks: nonEmpty([{ kind: 'DELETE', text: section.text }]) };
}

function comparedSection(old: TextSection, section: TextSection, moved: boolean): SectionDiff {
  const hunks: DiffHunk[] = diffWordsWithSpace(old.text, section.text).map((part) => ({
    kind: part.added ? 'INSERT' : part.removed ? 'DELETE' : 'EQUAL',
    text: part.value,
  }));
  const reworded = old.title !== section.title;
  const edited = reworded || old.level !== section.level || hunks.some((hunk) => hunk.kind !== 'EQUAL');
  // A section both moved and edited is MODIFIED: what changed in it matters more than where it went.
  const change: SectionChange = edited ? 'MODIFIED' : moved ? 'MOVED' : 'UNCHANGED';
  return { ...identity(section), previousTitle: reworded ? old.title : null, change, hunks };
}

function identity(section: TextSection) {
  return { sectionId: section.id, title: section.title, level: section.level };
}

function nonEmpty(hunks: DiffHunk[]): DiffHunk[] {
  return hunks.filter((hunk) => hunk.text !== '');
}

/**
 * Sections kept in both versions whose order changed. The longest common
 * subsequence of the two orders stayed in place; the rest moved. Moving one
 * section to the end so marks that one, not every section it jumped over.
 */
function movedIds(fromOrder: string[], toOrder: string[]): Set<string> {
  const rows = fromOrder.length;
  const columns = toOrder.length;
  const lengths = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        fromOrder[i] === toOrder[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lengths[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const stayed = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < rows && j < columns) {
    if (fromOrder[i] === toOrder[j]) {
      stayed.add(fromOrder[i] as string);
      i++;
      j++;
    } else if (((lengths[i + 1] as number[])[j] as number) >= ((lengths[i] as number[])[j + 1] as number)) i++;
    else j++;
  }
  return new Set(toOrder.filter((id) => !stayed.has(id)));
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function totalsOf(sections: SectionDiff[]): DiffTotals {
  const count = (change: SectionChange) => sections.filter((section) => section.change === change).length;
  const words = (kind: HunkKind) =>
    sections.reduce(
      (sum, section) => sum + section.hunks.filter((hunk) => hunk.kind === kind).reduce((s, h) => s + countWords(h.text), 0),
      0,
    );
  return {
    sectionsAdded: count('ADDED'),
    sectionsRemoved: count('REMOVED'),
    sectionsModified: count('MODIFIED'),
    sectionsMoved: count('MOVED'),
    sectionsUnchanged: count('UNCHANGED'),
    wordsInserted: words('INSERT'),
    wordsDeleted: words('DELETE'),
  };
}
