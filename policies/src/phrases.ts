// Turns a word diff into changes a person can read. A plain word diff cuts a
// reworded clause into alternating one-word deletions and insertions, so
// neither the old sentence nor the new one can be read. Following the
// "semantic cleanup" of diff-match-patch, counted in words instead of
// characters, an unchanged stretch between two changes is folded into both
// when it is no longer than the change on either side: the clause then reads
// as all of its old words, then all of its new ones. Stretches that hold a
// line break are never folded, so paragraphs and list items stay apart.
import { diffWordsWithSpace } from 'diff';

export type HunkKind = 'EQUAL' | 'INSERT' | 'DELETE';

export interface DiffHunk {
  kind: HunkKind;
  text: string;
}

export interface PhraseDiff {
  /** EQUAL and INSERT hunks put together give the new text exactly, EQUAL and DELETE hunks the old. */
  hunks: DiffHunk[];
  /** Words the word diff found inserted and deleted: what changed, not the unchanged words folded around it. */
  wordsInserted: number;
  wordsDeleted: number;
}

type Equal = { kind: 'EQUAL'; text: string };
type Change = { kind: 'CHANGE'; deleted: string; inserted: string };
type Segment = Equal | Change;

/** Words of a text: runs of letters or digits ("don't", "e.g", "30.5" are one), so punctuation and spaces count for nothing. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Compares two texts word by word, then folds short unchanged stretches into the changes around them. */
export function diffPhrases(oldText: string, newText: string): PhraseDiff {
  const segments: Segment[] = [];
  let wordsInserted = 0;
  let wordsDeleted = 0;
  for (const part of diffWordsWithSpace(oldText, newText)) {
    if (part.added) wordsInserted += countWords(part.value);
    if (part.removed) wordsDeleted += countWords(part.value);
    const last = segments.at(-1);
    if (!part.added && !part.removed) segments.push({ kind: 'EQUAL', text: part.value });
    else if (last?.kind === 'CHANGE') {
      if (part.added) last.inserted += part.value;
      else last.deleted += part.value;
    } else segments.push({ kind: 'CHANGE', deleted: part.removed ? part.value : '', inserted: part.added ? part.value : '' });
  }
  return { hunks: foldShortEqualities(wholeWords(segments)).flatMap(hunksOf), wordsInserted, wordsDeleted };
}

const LEADING_WORD = /^[\p{L}\p{N}]+/u;
const TRAILING_WORD = /[\p{L}\p{N}]+$/u;

/**
 * The word diff splits at hyphens and apostrophes, so "non-refundable" to "not
 * refundable" would show as "[removed: non-][added: not ]refundable". When a
 * change is glued to a word of the unchanged text beside it, that word joins
 * the change on both sides: "[removed: non-refundable][added: not refundable]".
 */
function wholeWords(segments: Segment[]): Segment[] {
  const result = segments.map((segment) => ({ ...segment }));
  result.forEach((segment, index) => {
    if (segment.kind !== 'CHANGE') return;
    const before = result[index - 1];
    const after = result[index + 1];
    if (before?.kind === 'EQUAL' && [segment.deleted, segment.inserted].some((text) => /^\S/u.test(text))) {
      const word = TRAILING_WORD.exec(before.text)?.[0] ?? '';
      before.text = before.text.slice(0, before.text.length - word.length);
      segment.deleted = word + segment.deleted;
      segment.inserted = word + segment.inserted;
    }
    if (after?.kind === 'EQUAL' && [segment.deleted, segment.inserted].some((text) => /\S$/u.test(text))) {
      const word = LEADING_WORD.exec(after.text)?.[0] ?? '';
      after.text = after.text.slice(word.length);
      segment.deleted += word;
      segment.inserted += word;
    }
  });
  // A stretch emptied by both its neighbours leaves two changes side by side: one change.
  const joined: Segment[] = [];
  for (const segment of result) {
    const last = joined.at(-1);
    if (segment.kind === 'EQUAL' && segment.text === '') continue;
    if (segment.kind === 'CHANGE' && last?.kind === 'CHANGE') {
      last.deleted += segment.deleted;
      last.inserted += segment.inserted;
    } else joined.push(segment);
  }
  return joined;
}

/**
 * Folds every unchanged stretch that sits between two changes, holds no line
 * break and has no more words than the larger side of each neighbouring
 * change, until none is left. Each fold makes its change larger, so a clause
 * of several small edits ends as one change; always the leftmost foldable
 * stretch first, so the outcome is the same on every run.
 */
function foldShortEqualities(segments: Segment[]): Segment[] {
  const folded = [...segments];
  const sizes = new Map<Change, ChangeWords>();
  for (let index = 1; index < folded.length - 1; ) {
    const before = folded[index - 1] as Segment;
    const equal = folded[index] as Segment;
    const after = folded[index + 1] as Segment;
    if (equal.kind === 'EQUAL' && before.kind === 'CHANGE' && after.kind === 'CHANGE' && foldable(equal, before, after, sizes)) {
      const merged: Change = {
        kind: 'CHANGE',
        deleted: before.deleted + equal.text + after.deleted,
        inserted: before.inserted + equal.text + after.inserted,
      };
      // Word counts add up, so nothing is counted twice and folding stays linear.
      const [old, added] = [wordsOf(before, sizes), wordsOf(after, sizes)];
      const folding = countWords(equal.text);
      sizes.set(merged, { deleted: old.deleted + folding + added.deleted, inserted: old.inserted + folding + added.inserted });
      folded.splice(index - 1, 3, merged);
      // The grown change (now at index - 1) may swallow the stretch before it.
      index = Math.max(1, index - 2);
    } else index++;
  }
  return folded;
}

function foldable(equal: Equal, before: Change, after: Change, sizes: Map<Change, ChangeWords>): boolean {
  if (equal.text.includes('\n')) return false;
  const words = countWords(equal.text);
  return words <= sizeOf(before, sizes) && words <= sizeOf(after, sizes);
}

interface ChangeWords {
  deleted: number;
  inserted: number;
}

/** The words on each side of a change, counted once. */
function wordsOf(change: Change, sizes: Map<Change, ChangeWords>): ChangeWords {
  let words = sizes.get(change);
  if (words === undefined) {
    words = { deleted: countWords(change.deleted), inserted: countWords(change.inserted) };
    sizes.set(change, words);
  }
  return words;
}

/** The words of the larger side of a change. */
function sizeOf(change: Change, sizes: Map<Change, ChangeWords>): number {
  const words = wordsOf(change, sizes);
  return Math.max(words.deleted, words.inserted);
}

function hunksOf(segment: Segment): DiffHunk[] {
  if (segment.kind === 'EQUAL') return [segment];
  const hunks: DiffHunk[] = [];
  if (segment.deleted !== '') hunks.push({ kind: 'DELETE', text: segment.deleted });
  if (segment.inserted !== '') hunks.push({ kind: 'INSERT', text: segment.inserted });
  return hunks;
}
