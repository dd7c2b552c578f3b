// What completing a privacy request needs, kind by kind, and the words the
// completion dialog and the request page use for it. A copy (access,
// portability) needs its sealed package, since the receipt names it; a
// correction needs a decision on every item, which the API also demands
// (CORRECTION_UNDECIDED), so the dialog says it before anyone clicks; an
// erasure states what was kept, which the dialog's own fields ask. Pure: the
// dialog reads the request and the package and asks here.
import { DATA_COPY_KINDS, inKindOrder, KIND_NAMES, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';

export interface SealedPackage {
  sha256: string;
  sizeBytes: number;
  sealedAt: string;
}

export interface CorrectionItemState {
  position: number;
  field: string;
  decision: string | null;
}

export interface CompletionFacts {
  kinds: readonly PrivacyRequestKind[];
  /** The package of a request for a copy: sealed, not sealed (null), or not read yet (undefined). */
  dataPackage: SealedPackage | null | undefined;
  corrections: readonly CorrectionItemState[];
}

/** Something that must be done before the request can be completed. */
export type CompletionBlocker =
  | { reason: 'PACKAGE_NOT_READ' }
  | { reason: 'PACKAGE_NOT_SEALED' }
  | { reason: 'CORRECTION_UNDECIDED'; position: number; field: string };

export const asksForCopy = (kinds: readonly PrivacyRequestKind[]): boolean => kinds.some((kind) => DATA_COPY_KINDS.includes(kind));

/** Everything that stands in the way of completing, in the order the page shows it (package, then each item). */
export function completionBlockers(facts: CompletionFacts): CompletionBlocker[] {
  const blockers: CompletionBlocker[] = [];
  if (asksForCopy(facts.kinds)) {
    if (facts.dataPackage === undefined) blockers.push({ reason: 'PACKAGE_NOT_READ' });
    else if (facts.dataPackage === null) blockers.push({ reason: 'PACKAGE_NOT_SEALED' });
  }
  if (facts.kinds.includes('CORRECTION')) {
    for (const item of facts.corrections) {
      if (item.decision === null) blockers.push({ reason: 'CORRECTION_UNDECIDED', position: item.position, field: item.field });
    }
  }
  return blockers;
}

/** A blocker as the sentence staff read: what is missing, and where on the page to do it. */
export function blockerSentence(blocker: CompletionBlocker): string {
  switch (blocker.reason) {
    case 'PACKAGE_NOT_READ':
      return 'The data package is still being read.';
    case 'PACKAGE_NOT_SEALED':
      return 'Seal the data package under "Data package" on this page: the person downloads it from their status page, and the receipt names it.';
    case 'CORRECTION_UNDECIDED':
      return `Decide correction item ${blocker.position} ("${blocker.field}") under "Corrections asked for" on this page.`;
  }
}

/** The completion dialog's two fields, in the words of what the request asked. */
export interface CompletionWords {
  summary: string;
  systems: string;
  summaryMissing: string;
  systemsMissing: string;
  /** The request page's name for what was done, once completed. */
  done: string;
}

export function completionWords(kinds: readonly PrivacyRequestKind[]): CompletionWords {
  if (kinds.includes('DELETION')) {
    return {
      summary: 'What was deleted',
      systems: 'From which systems (one per line)',
      summaryMissing: 'What was deleted is required.',
      systemsMissing: 'Name at least one system the data was deleted from.',
      done: 'Deleted',
    };
  }
  return {
    summary: 'What was done',
    systems: 'In which systems (one per line)',
    summaryMissing: 'What was done is required.',
    systemsMissing: 'Name at least one system where it was done.',
    done: 'Done',
  };
}

/** The name that fits every request: the request page's heading until it has read which one it shows. */
export const ANY_REQUEST_TITLE = 'Privacy request';

/** A request named by what it asks: "Deletion request", "Access and correction request". */
export function requestTitle(kinds: readonly PrivacyRequestKind[]): string {
  const names = inKindOrder(kinds).map((kind, index) => (index === 0 ? KIND_NAMES[kind] : KIND_NAMES[kind].toLowerCase()));
  if (names.length === 0) return ANY_REQUEST_TITLE;
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${listed} request`;
}
