// A phrase-level diff between two versions of a policy, organised by section.
// The API's `Policy.diff` and the portal's redline pages both call this, so a
// reviewer sees the same changes wherever they look. Sections are matched by
// id, then renamed ones by section-matching.ts; each matched pair's text goes
// through phrases.ts, whose hunks keep every character, so the EQUAL and
// INSERT hunks of a section put together give its new text exactly, and the
// EQUAL and DELETE hunks its old text.
import { countWords, type DiffHunk, diffPhrases } from './phrases.ts';
import { type PlacedSection, renamedSections } from './section-matching.ts';
import { splitSections, type TextSection } from './sections.ts';

export type { DiffHunk, HunkKind } from './phrases.ts';
export type SectionChange = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'MOVED' | 'UNCHANGED';
export interface SectionDiff {
  sectionId: string;
  /** The heading in the newer version (the older one's for a removed section). */
  title: string;
  /** The heading in the older version when the section was renamed (see section-matching.ts), else null. */
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
  const fromIds = new Set(from.map((section) => section.id));
  const toIds = new Set(to.map((section) => section.id));
  const renamed = renamedSections(unmatched(from, toIds), unmatched(to, fromIds));
  // An old section, by the id its text has in the newer version.
  const olderOf = new Map(from.filter((section) => toIds.has(section.id)).map((section) => [section.id, section]));
  for (const { from: old, to: section } of renamed) olderOf.set(section.id, old);
  const renamedAway = new Set(renamed.map((pair) => pair.from));
  const moved = movedIds(
    from.map((section) => section.id).filter((id) => toIds.has(id)),
    to.map((section) => section.id).filter((id) => fromIds.has(id)),
  );

  const compared: ComparedSection[] = [];
  // Removed sections that come before any kept one go first.
  const removedAfter = new Map<string | null, TextSection[]>();
  for (const { section, after } of unmatched(from, toIds)) {
    if (!renamedAway.has(section)) removedAfter.set(after, [...(removedAfter.get(after) ?? []), section]);
  }
  const pushRemoved = (after: string | null) => {
    for (const section of removedAfter.get(after) ?? []) compared.push(removedSection(section));
  };
  pushRemoved(null);
  for (const section of to) {
    const old = olderOf.get(section.id);
    compared.push(old ? comparedSection(old, section, moved.has(section.id)) : addedSection(section));
    if (old && old.id === section.id) pushRemoved(section.id);
  }
  const sections = compared.map((entry) => entry.diff);
  return { sections, totals: totalsOf(compared) };
}

/** The sections of `sections` whose id the other version lacks, each with the kept section it follows. */
function unmatched(sections: TextSection[], otherIds: Set<string>): PlacedSection[] {
  const placed: PlacedSection[] = [];
  let after: string | null = null;
  for (const section of sections) {
    if (otherIds.has(section.id)) after = section.id;
    else placed.push({ section, after });
  }
  return placed;
}

/** A section's diff with the number of words that changed in it, for the totals. */
interface ComparedSection {
  diff: SectionDiff;
  wordsInserted: number;
  wordsDeleted: number;
}

function addedSection(section: TextSection): ComparedSection {
  return {
    diff: { ...identity(section), previousTitle: null, change: 'ADDED', hunks: nonEmpty([{ kind: 'INSERT', text: section.text }]) },
    wordsInserted: countWords(section.text),
    wordsDeleted: 0,
  };
}

function removedSection(section: TextSection): ComparedSection {
  return {
    diff: { ...identity(section), previousTitle: null, change: 'REMOVED', hunks: nonEmpty([{ kind: 'DELETE', text: section.text }]) },
    wordsInserted: 0,
    wordsDeleted: countWords(section.text),
  };
}

function comparedSection(old: TextSection, section: TextSection, moved: boolean): ComparedSection {
  const { hunks, wordsInserted, wordsDeleted } = diffPhrases(old.text, section.text);
  const reworded = old.title !== section.title;
  const edited = reworded || old.level !== section.level || hunks.some((hunk) => hunk.kind !== 'EQUAL');
  // A section both moved and edited is MODIFIED: what changed in it matters more than where it went.
  const change: SectionChange = edited ? 'MODIFIED' : moved ? 'MOVED' : 'UNCHANGED';
  return { diff: { ...identity(section), previousTitle: reworded ? old.title : null, change, hunks }, wordsInserted, wordsDeleted };
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

function totalsOf(compared: ComparedSection[]): DiffTotals {
  const count = (change: SectionChange) => compared.filter((entry) => entry.diff.change === change).length;
  return {
    sectionsAdded: count('ADDED'),
    sectionsRemoved: count('REMOVED'),
    sectionsModified: count('MODIFIED'),
    sectionsMoved: count('MOVED'),
    sectionsUnchanged: count('UNCHANGED'),
    wordsInserted: compared.reduce((sum, entry) => sum + entry.wordsInserted, 0),
    wordsDeleted: compared.reduce((sum, entry) => sum + entry.wordsDeleted, 0),
  };
}
