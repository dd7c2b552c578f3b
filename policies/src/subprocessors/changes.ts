// What changed between two versions of a register: entries added, removed,
// and modified (with the fields that changed). Entries are matched by name,
// or by category where the source names no company (schema.ts `entryKey`).
// The notice rule, the API's list of changes and the portal's redline all
// read this one comparison.
import { isDeepStrictEqual } from 'node:util';
import { entryKey, type SubprocessorEntry } from './schema.ts';

/** The fields of an entry in the order people read them; a change lists its fields in this order. */
export const ENTRY_FIELDS = [
  'name',
  'category',
  'website',
  'purpose',
  'dataCategories',
  'locations',
  'transferBasis',
  'role',
  'ai',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

export type RegisterChange =
  | { kind: 'added'; key: string; entry: SubprocessorEntry }
  | { kind: 'removed'; key: string; entry: SubprocessorEntry }
  | { kind: 'modified'; key: string; before: SubprocessorEntry; after: SubprocessorEntry; fields: EntryField[] };

/** The changes from `before` to `after`, in the order of `after` (removals last, in the order of `before`). */
export function registerChanges(before: readonly SubprocessorEntry[], after: readonly SubprocessorEntry[]): RegisterChange[] {
  const earlier = new Map(before.map((entry) => [entryKey(entry), entry]));
  const later = new Set(after.map(entryKey));
  const changes: RegisterChange[] = [];
  for (const entry of after) {
    const key = entryKey(entry);
    const previous = earlier.get(key);
    if (!previous) {
      changes.push({ kind: 'added', key, entry });
      continue;
    }
    const fields = ENTRY_FIELDS.filter((field) => !isDeepStrictEqual(previous[field], entry[field]));
    if (fields.length > 0) changes.push({ kind: 'modified', key, before: previous, after: entry, fields });
  }
  for (const entry of before) {
    const key = entryKey(entry);
    if (!later.has(key)) changes.push({ kind: 'removed', key, entry });
  }
  return changes;
}

/** Whether a change must be announced ahead (GDPR Art. 28(2)): additions and replacements must, removals need not. */
export function needsNotice(change: RegisterChange): boolean {
  return change.kind !== 'removed';
}
