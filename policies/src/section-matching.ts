// The one rule that decides a section was renamed between two versions, not
// removed and another added. Sections are matched by id first (diff.ts); an
// author who rewords a heading without pinning its id (`## New {#old-id}`)
// changes that id, and a redline would show the whole section deleted and a
// new one added. Of the sections left unmatched, an old and a new one are the
// same section renamed when they have the same heading level and either
//   - sit in the same place (after the same kept section) and at least half
//     of their words are the same (both empty counts as the same), or
//   - have the very same, non-empty text, wherever each sits.
import { diffWordsWithSpace } from 'diff';
import { countWords } from './phrases.ts';
import type { TextSection } from './sections.ts';

/** An unmatched section and the id of the matched section it follows (null at the start). */
export interface PlacedSection {
  section: TextSection;
  after: string | null;
}

export interface RenamedSection {
  from: TextSection;
  to: TextSection;
}

/** Half the words in common: a section reworded that much is still recognisably the same one. */
export const MIN_SIMILARITY_IN_PLACE = 0.5;

/** The share of words two texts have in common (Dice coefficient over the word diff), 1 for two empty texts. */
export function textSimilarity(a: string, b: string): number {
  const total = countWords(a) + countWords(b);
  if (total === 0) return 1;
  const common = diffWordsWithSpace(a, b)
    .filter((part) => !part.added && !part.removed)
    .reduce((sum, part) => sum + countWords(part.value), 0);
  return (2 * common) / total;
}

/**
 * Pairs removed and added sections that are one section renamed. Each added
 * section, in the newer order, takes the most similar removed one the rule
 * allows (the earliest on a tie), so the result never depends on chance.
 */
export function renamedSections(removed: readonly PlacedSection[], added: readonly PlacedSection[]): RenamedSection[] {
  const taken = new Set<PlacedSection>();
  const pairs: RenamedSection[] = [];
  for (const candidate of added) {
    let best: { old: PlacedSection; score: number } | undefined;
    for (const old of removed) {
      if (taken.has(old)) continue;
      const score = renameScore(old, candidate);
      if (score !== null && (!best || score > best.score)) best = { old, score };
    }
    if (best) {
      taken.add(best.old);
      pairs.push({ from: best.old.section, to: candidate.section });
    }
  }
  return pairs;
}

/** How alike two unmatched sections are, or null when the rule says they are not one section renamed. */
function renameScore(old: PlacedSection, added: PlacedSection): number | null {
  // The text before the first heading has no heading to rename.
  if (old.section.level === 0 || old.section.level !== added.section.level) return null;
  if (old.section.text !== '' && old.section.text === added.section.text) return 1;
  if (old.after !== added.after) return null;
  const similarity = textSimilarity(old.section.text, added.section.text);
  return similarity >= MIN_SIMILARITY_IN_PLACE ? similarity : null;
}
